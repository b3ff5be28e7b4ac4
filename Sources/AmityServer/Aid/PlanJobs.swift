import AmityCore
import Fluent
import Vapor

/// Plans asked for over HTTP: checked and put in line at once, made in the background by the
/// plan worker (`PlanJobTurn`), and followed by their requester on a page or at `/api/v1/plan-jobs/{id}`.
struct PlanJobs {
    let request: Request
    var db: any Database { request.db }

    /// Puts a plan in line, after the policy, the person's limits and the size bound allow it.
    func enqueue(_ input: MakePlanInput) async throws -> PlanJobDTO {
        let mode = try input.mode.map { try AllocationMode(parsing: $0) } ?? .efficient
        let scope: AidPlanner.Scope, action: Action
        switch (input.networkId, input.cityId) {
        case (let network?, nil):
            _ = try await CityDirectory(database: db).network(id: network)
            (scope, action) = (.network(network), .planForNetwork(networkID: network))
        case (nil, let city?):
            _ = try await Gazetteer(database: db).city(id: city)
            (scope, action) = (.city(city), .actForCity(cityID: city))
        default:
            throw DomainError.invalid("networkId", "Plan for a network (networkId) or for a city's offers (cityId): one of the two.")
        }
        let actor = try await request.authorize(action)
        let app = request.application, limits = app.planLimits, now = app.clock.now()
        let unfinished = [PlanJobStatus.queued.rawValue, PlanJobStatus.running.rawValue]
        let mine = try await PlanJobRecord.query(on: db).filter(\.$requestedBy == actor.personID).filter(\.$status ~~ unfinished).count()
        guard mine < limits.pendingPerPerson else {
            throw Abort(.tooManyRequests, headers: ["Retry-After": "30"],
                        reason: "You already have \(mine) plans waiting or being made; ask for another when one is done.")
        }
        guard try await PlanJobRecord.query(on: db).filter(\.$status == PlanJobStatus.queued.rawValue).count() < limits.queued else {
            throw Abort(.serviceUnavailable, headers: ["Retry-After": "60"], reason: "The planner has a long line of plans; try again in a few minutes.")
        }
        try app.rateLimits.plans.take("person:\(actor.personID)", now: now, what: "plans")
        let asOf = try AidPlanner.asOf(input.asOf, now: now)
        let prepared = try await AidPlanner(database: db, now: asOf ?? now, config: app.amity, replaying: asOf != nil).prepare(scope)
        let (offers, needs) = (prepared.input.offers.count, prepared.input.needs.count)
        try limits.check(offers: offers, needs: needs, field: input.networkId == nil ? "cityId" : "networkId")
        try Allocator.checkScale(prepared.input, mode: mode)

        let job = PlanJobRecord()
        (job.scope, job.scopeID) = scope.stored
        (job.mode, job.requestedBy, job.status, job.stage) = (mode.rawValue, actor.personID, PlanJobStatus.queued.rawValue, "queued")
        (job.offers, job.needs, job.itemsDone, job.itemsTotal, job.attempts, job.requestedAt, job.asOf) = (offers, needs, 0, 0, 0, now, asOf)
        let pendingPerPerson = limits.pendingPerPerson
        let id = try await request.transaction(personID: actor.personID) { trail in
            // Counted again under the person's row lock: requests sent at once see each other here.
            _ = try await trail.locked(Person.self, actor.personID, entity: "person")
            let mine = try await PlanJobRecord.query(on: trail.db).filter(\.$requestedBy == actor.personID).filter(\.$status ~~ unfinished).count()
            guard mine < pendingPerPerson else {
                throw Abort(.tooManyRequests, headers: ["Retry-After": "30"],
                            reason: "You already have \(mine) plans waiting or being made; ask for another when one is done.")
            }
            try await job.create(on: trail.db)
            let id = try job.requireID()
            try await trail.record("request", "plan-job", id: String(id), after: ["scope": job.scope, "scopeId": job.scopeID, "mode": job.mode,
                                                                             "asOf": asOf.map { "\($0.timeIntervalSince1970)" } ?? ""])
            return id
        }
        await app.planWorker.wake(app)
        return try await self.job(id: id)
    }

    /// A job as it stands; asking also wakes this instance's worker, so a job whose worker went
    /// silent is taken back while someone waits for it.
    func job(id: Int) async throws -> PlanJobDTO {
        guard let job = try await PlanJobRecord.find(id, on: db) else { throw DomainError.notFound(entity: "plan job", id: String(id)) }
        let status = PlanJobStatus(rawValue: job.status) ?? .failed
        if !status.isFinished { await request.application.planWorker.wake(request.application) }
        let ahead = status == .queued
            ? try await PlanJobRecord.query(on: db).filter(\.$status == PlanJobStatus.queued.rawValue).filter(\.$id < id).count()
            + PlanJobRecord.query(on: db).filter(\.$status == PlanJobStatus.running.rawValue).count()
            : nil
        return PlanJobDTO(id: id, status: job.status, stage: job.stage, scope: job.scope, scopeId: job.scopeID, mode: job.mode,
                          offers: job.offers, needs: job.needs, itemsDone: job.itemsDone, itemsTotal: job.itemsTotal, ahead: ahead,
                          planId: job.planID, failure: job.failure, requestedAt: job.requestedAt, startedAt: job.startedAt, finishedAt: job.finishedAt, asOf: job.asOf)
    }

    /// The job once it is finished, or as it stands after `seconds` (what `Prefer: wait=…` asks for).
    func job(id: Int, waiting seconds: Int) async throws -> PlanJobDTO {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var job = try await self.job(id: id)
        while !(PlanJobStatus(rawValue: job.status)?.isFinished ?? true), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            job = try await self.job(id: id)
        }
        return job
    }
}
