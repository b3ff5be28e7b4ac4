@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Plans asked for over HTTP are made in the background: followed on a page and over the API,
/// taken back when their worker goes silent, failed after stopping workers three times.
@Suite struct PlanJobTests {
    /// A job written straight into the line, as another instance would have left it.
    @discardableResult
    static func job(_ app: Application, by who: Credentials, status: PlanJobStatus, worker: String? = nil,
                    heartbeat: Date? = nil, attempts: Int = 1, itemsDone: Int = 0, itemsTotal: Int = 0) async throws -> Int {
        let job = PlanJobRecord()
        (job.scope, job.scopeID, job.mode, job.requestedBy, job.status) = ("city", "1668399", "efficient", who.personID, status.rawValue)
        (job.stage, job.offers, job.needs, job.itemsDone, job.itemsTotal, job.attempts) = (status == .running ? "solving" : "queued", 1, 1, itemsDone, itemsTotal, attempts)
        (job.worker, job.heartbeatAt, job.requestedAt) = (worker, heartbeat ?? (worker == nil ? nil : app.clock.now()), app.clock.now())
        try await job.create(on: app.db)
        return try job.requireID()
    }

    /// The job once finished, looking as a client would (each look wakes the worker).
    static func finished(_ app: Application, _ id: Int) async throws -> PlanJobDTO {
        for _ in 0..<600 {
            let job = try await app.api(.GET, "/api/v1/plan-jobs/\(id)").json(PlanJobDTO.self)
            if job.status == "done" || job.status == "failed" { return job }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Abort(.requestTimeout, reason: "plan job \(id) never finished")
    }

    @Test func aPlanAskedForOnThePageIsFollowedUntilItOpens() async throws {
        try await withAmity { app async throws in
            let (offer, need, taichung, _) = try await AidTests.offerAndNeed(app)
            // The board shows a secretariat the form that plans for its network (it once failed to render).
            let board = try await app.page("/aid", as: try await app.credentials(Demo.citynet))
            #expect(board.status == .ok && board.body.string.contains(#"action="/aid/plans""#) && board.body.string.contains(#"<option value="network:citynet">CityNet&#39;s members</option>"#))
            // An officer plans for the city's own offers from the same menu.
            #expect(try await app.page("/aid", as: taichung).body.string.contains(#"<option value="city:1668399">Taichung&#39;s offers</option>"#))
            for other in ["city:4508722", "network:citynet"] {
                #expect(try await app.form("/aid/plans", as: taichung, fields: ["host": other]).status == .forbidden, "nobody plans for another's city or network")
            }
            let posted = try await app.form("/aid/plans", as: taichung, fields: ["host": "city:1668399", "mode": "efficient"])
            let location = try #require(posted.headers.first(name: .location))
            #expect(posted.status == .seeOther && location.hasPrefix("/plan-jobs/"), "\(posted.status) \(location)")
            let job = try await Self.finished(app, try #require(Int(location.dropFirst("/plan-jobs/".count))))
            #expect(job.status == "done" && job.itemsDone == job.itemsTotal && job.itemsTotal >= 1 && job.offers >= 1, "\(job)")
            let planID = try #require(job.planId)
            let page = try await app.page(location, as: taichung)
            #expect(page.status == .seeOther && page.headers.first(name: .location) == "/plans/\(planID)")
            let plan = try await app.api(.GET, "/api/v1/plans/\(planID)").json(PlanDTO.self)
            #expect(plan.lines.contains { $0.offerId == offer && $0.needId == need && $0.quantity == 1_500 })
            let made = try #require(try await PlanRecord.find(planID, on: app.db))
            #expect(made.madeBy == taichung.personID, "the plan is the requester's, not the worker's")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "plan").filter(\.$personID == taichung.personID).count() == 1)
        }
    }

    @Test func aPlanBeingMadeShowsWhereItIsAndRefreshesItself() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung)
            let running = try await Self.job(app, by: taichung, status: .running, worker: "elsewhere", itemsDone: 1, itemsTotal: 3)
            let page = try await app.page("/plan-jobs/\(running)", as: taichung)
            #expect(page.status == .ok && page.headers.first(name: "Refresh") == "3")
            #expect(page.body.string.contains(#"<progress id="progress" max="3" value="1">"#) && page.body.string.contains("Solving"))
            try await app.api(.GET, "/api/v1/plan-jobs/999999") { res async throws in #expect(res.status == .notFound) }
        }
    }

    @Test func aJobWhoseWorkerFellSilentIsTakenBackAndAJobThatKeepsStoppingWorkersFails() async throws {
        try await withAmity { app async throws in
            let (_, _, taichung, _) = try await AidTests.offerAndNeed(app)
            let longAgo = app.clock.now().addingTimeInterval(-600)
            let orphan = try await Self.job(app, by: taichung, status: .running, worker: "stopped", heartbeat: longAgo, attempts: 1)
            let poison = try await Self.job(app, by: taichung, status: .running, worker: "stopped", heartbeat: longAgo, attempts: 3)
            let alive = try await Self.job(app, by: taichung, status: .running, worker: "elsewhere", attempts: 1)
            let taken = try await Self.finished(app, orphan)
            #expect(taken.status == "done" && taken.planId != nil)
            #expect(try await PlanJobRecord.find(orphan, on: app.db)?.attempts == 2)
            let failed = try await Self.finished(app, poison)
            #expect(failed.status == "failed" && failed.failure?.contains("amity allocate") == true && failed.planId == nil)
            let page = try await app.page("/plan-jobs/\(poison)", as: taichung)
            #expect(page.status == .ok && page.headers.first(name: "Refresh") == nil && page.body.string.contains("amity allocate"))
            let other = try #require(try await PlanJobRecord.find(alive, on: app.db))
            #expect(other.status == "running" && other.worker == "elsewhere", "a job whose worker still beats is left alone")
        }
    }

    @Test func preferWaitAnswersWithThePlanAndWithoutItTheJob() async throws {
        try await withAmity { app async throws in
            let (_, _, taichung, _) = try await AidTests.offerAndNeed(app)
            try await app.api(.POST, "/api/v1/plans", as: taichung, json: #"{"cityId":1668399}"#, headers: ["Prefer": "respond-async; wait=30"]) { res async throws in
                #expect(res.status == .created && res.headers.first(name: "Preference-Applied") == "wait=30")
                let plan = try res.json(PlanDTO.self)
                #expect(res.headers.first(name: .location) == "/api/v1/plans/\(plan.id)" && plan.lines.count == 1)
            }
        }
    }

    @Test func aStoppingInstancePutsItsPlanBackInLine() async throws {
        try await withAmity { app async throws in
            let (_, _, taichung, _) = try await AidTests.offerAndNeed(app)
            let id = try await Self.job(app, by: taichung, status: .queued)
            // A worker whose instance is already stopping makes nothing and loses nothing.
            let worker = BackgroundWorker { app in try await PlanJobTurn(app: app, worker: app.instanceID).take() }
            await worker.stop()
            await worker.wake(app)
            #expect(try await PlanJobRecord.find(id, on: app.db)?.status == "queued")
            #expect(try await Self.finished(app, id).status == "done", "the next worker makes it")
        }
    }
}
