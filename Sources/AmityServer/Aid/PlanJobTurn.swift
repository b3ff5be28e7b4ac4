import AmityCore
import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// One turn of the plan worker (`Application.planWorker`): take back jobs whose worker went silent, then make the oldest
/// waiting plan. Every change to a job is conditional on its status (and, once taken, on its
/// worker), so two instances never make one plan twice.
struct PlanJobTurn {
    let app: Application
    let worker: String
    private var db: any Database { app.db }
    private var limits: PlanLimits { app.planLimits }

    /// The job taken from this worker: another took it back, thinking this one silent.
    struct Lost: Error {}

    /// Makes one plan if one waits; else says whether any job is unfinished, on any instance.
    func take() async throws -> BackgroundWorker.Progress {
        try await reclaimSilentJobs()
        for _ in 0..<3 {
            guard let next = try await PlanJobRecord.query(on: db).filter(\.$status == PlanJobStatus.queued.rawValue).sort(\.$id).first(),
                  let id = next.id else { break }
            if try await claim(id) {
                await make(try await PlanJobRecord.find(id, on: db) ?? next)
                return .worked
            }
        }
        let unfinished = try await PlanJobRecord.query(on: db).filter(\.$status ~~ [PlanJobStatus.queued.rawValue, PlanJobStatus.running.rawValue]).count()
        return unfinished > 0 ? .waiting : .idle
    }

    private func reclaimSilentJobs() async throws {
        let now = app.clock.now(), silentSince = now.addingTimeInterval(-limits.silence)
        try await app.writeInTurn { sql in
            try await sql.update(PlanJobRecord.schema)
                .set("status", to: PlanJobStatus.failed.rawValue).set("stage", to: "failed").set("finished_at", to: SQLBind(now))
                .set("failure", to: "Making this plan stopped the planner \(limits.attempts) times; an administrator can run it with amity allocate.")
                .where("status", .equal, PlanJobStatus.running.rawValue).where("heartbeat_at", .lessThan, SQLBind(silentSince))
                .where("attempts", .greaterThanOrEqual, limits.attempts)
                .run()
            try await sql.update(PlanJobRecord.schema)
                .set("status", to: PlanJobStatus.queued.rawValue).set("stage", to: "queued").set("worker", to: SQLLiteral.null)
                .where("status", .equal, PlanJobStatus.running.rawValue).where("heartbeat_at", .lessThan, SQLBind(silentSince))
                .run()
        }
    }

    private func claim(_ id: Int) async throws -> Bool {
        let now = app.clock.now()
        return try await app.writeInTurn { sql in
            try await sql.update(PlanJobRecord.schema)
                .set("status", to: PlanJobStatus.running.rawValue).set("stage", to: "reading").set("worker", to: worker)
                .set("heartbeat_at", to: SQLBind(now)).set("started_at", to: SQLBind(now))
                .set("attempts", to: SQLBinaryExpression(SQLColumn("attempts"), .add, SQLLiteral.numeric("1")))
                .where("id", .equal, id).where("status", .equal, PlanJobStatus.queued.rawValue)
                .returning("id").first() != nil
        }
    }

    /// Makes the job's plan while a heartbeat says this worker is at it; returns once both ended.
    private func make(_ job: PlanJobRecord) async {
        let id = job.id ?? 0
        let heartbeat = Task {
            while true {
                do { try await Task.sleep(for: .seconds(max(1, limits.silence / 6))) } catch { return }
                _ = try? await self.update(id) { $0.set("heartbeat_at", to: SQLBind(app.clock.now())) }
            }
        }
        // A turn given up (see `withDeadline`) stops beating, so that the job can be taken back.
        await withTaskCancellationHandler { await solve(job) } onCancel: { heartbeat.cancel() }
        heartbeat.cancel()
        await heartbeat.value
    }

    private func solve(_ job: PlanJobRecord) async {
        let id = job.id ?? 0
        do {
            guard let scope = AidPlanner.Scope(kind: job.scope, id: job.scopeID) else { throw DomainError.conflict("This job names no plan Amity can make.") }
            let mode = try AllocationMode(parsing: job.mode)
            let prepared = try await AidPlanner(database: db, now: job.asOf ?? app.clock.now(), config: app.amity, replaying: job.asOf != nil).prepare(scope)
            try limits.check(offers: prepared.input.offers.count, needs: prepared.input.needs.count, field: "scope")
            let lastWord = NIOLockedValueBox(ContinuousClock.now - .seconds(60))
            let plan = try await Allocator.plan(prepared.input, mode: mode) { progress in
                // A word at most each second: a plan of many items would otherwise write for each.
                let due = lastWord.withLockedValue { last in
                    guard progress.itemsDone == progress.items || ContinuousClock.now - last >= .seconds(1) else { return false }
                    last = ContinuousClock.now
                    return true
                }
                guard due else { return }
                try await self.update(id) {
                    $0.set("stage", to: "solving").set("items_done", to: progress.itemsDone).set("items_total", to: progress.items)
                        .set("heartbeat_at", to: SQLBind(app.clock.now()))
                }
            }
            try await update(id) { $0.set("stage", to: "saving") }
            let worker = self.worker
            try await app.transaction(personID: job.requestedBy) { trail in
                let planID = try await Plans.save(plan, scope: scope, asOf: job.asOf, madeBy: job.requestedBy, trail: trail)
                let finished = try await trail.db.sql.update(PlanJobRecord.schema)
                    .set("status", to: PlanJobStatus.done.rawValue).set("stage", to: "done").set("plan_id", to: planID)
                    .set("finished_at", to: SQLBind(trail.now))
                    .where("id", .equal, id).where("status", .equal, PlanJobStatus.running.rawValue).where("worker", .equal, worker)
                    .returning("id").first()
                guard finished != nil else { throw Lost() }
            }
        } catch is CancellationError {
            // The instance is stopping: the job goes back in line, this attempt not counted.
            _ = try? await update(id) {
                $0.set("status", to: PlanJobStatus.queued.rawValue).set("stage", to: "queued").set("worker", to: SQLLiteral.null)
                    .set("attempts", to: SQLBinaryExpression(SQLColumn("attempts"), .subtract, SQLLiteral.numeric("1")))
            }
        } catch is Lost {
            app.logger.warning("Plan job \(id) was taken back from this worker while it ran; the other worker's plan stands.")
        } catch {
            let failure: String
            switch error {
            case DomainError.invalid(let fields): failure = fields.map(\.message).joined(separator: " ")
            case DomainError.conflict(let message): failure = message
            case DomainError.notFound(let entity, let key): failure = "The \(entity) \(key) no longer exists."
            default:
                app.logger.report(error: error)
                failure = "The planner failed on this plan; the error is in the server's log."
            }
            _ = try? await update(id) {
                $0.set("status", to: PlanJobStatus.failed.rawValue).set("stage", to: "failed").set("failure", to: failure)
                    .set("finished_at", to: SQLBind(app.clock.now()))
            }
        }
    }

    /// Changes this worker's running job; throws `Lost` when it is no longer this worker's.
    private func update(_ id: Int, _ set: @escaping @Sendable (SQLUpdateBuilder) -> SQLUpdateBuilder) async throws {
        let worker = self.worker
        let changed = try await app.writeInTurn { sql in
            try await set(sql.update(PlanJobRecord.schema))
                .where("id", .equal, id).where("status", .equal, PlanJobStatus.running.rawValue).where("worker", .equal, worker)
                .returning("id").first() != nil
        }
        guard changed else { throw Lost() }
    }
}
