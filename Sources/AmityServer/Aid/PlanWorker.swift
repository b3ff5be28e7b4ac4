import AmityCore
import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Makes the plans waiting in `plan_jobs`, one at a time on each instance, so no request holds a
/// core. Instances share the line through the database: a worker takes a job with one
/// conditional update, beats a heartbeat while it works, and takes back jobs whose worker went
/// silent (its instance stopped). It runs while jobs are unfinished anywhere and sleeps otherwise;
/// a new job, a look at one, or `amity serve` starting wakes it.
actor PlanWorker {
    /// This instance, as `plan_jobs.worker` names it.
    let instance = UUID().uuidString
    private var loop: Task<Void, Never>?
    private var woken = false
    private var stopped = false

    /// Starts the worker, or has it look at the line again at once.
    func wake(_ app: Application) {
        woken = true
        guard loop == nil, !stopped else { return }
        loop = Task { await self.work(app) }
    }

    /// Stops for good; a plan being made goes back in line for the next start.
    func stop() async {
        stopped = true
        let running = loop
        running?.cancel()
        await running?.value
    }

    private func work(_ app: Application) async {
        while !Task.isCancelled {
            woken = false
            var unfinished = true
            do {
                unfinished = try await PlanJobTurn(app: app, worker: instance).take()
            } catch {
                app.logger.report(error: error)
            }
            if !unfinished && !woken { break }
            // Jobs are unfinished on another instance (or the database failed): look again soon.
            for _ in 0..<20 where !woken && !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
        loop = nil
    }
}

extension Application {
    private struct PlanWorkerKey: StorageKey { typealias Value = PlanWorker }

    /// This instance's plan worker, set by `configure`.
    var planWorker: PlanWorker {
        get {
            guard let worker = storage[PlanWorkerKey.self] else { fatalError("configure() sets the plan worker") }
            return worker
        }
        set { storage[PlanWorkerKey.self] = newValue }
    }
}

/// Stops the plan worker before the database closes.
struct PlanWorkerShutdown: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.planWorker.stop()
    }
}
