import Vapor

/// Work that runs beside requests, shared by instances through the database: plan jobs, the mail
/// outbox. Each turn does one piece and says what is left: the worker goes straight on after a
/// piece, looks again every few seconds while the rest waits on another instance or on a retry,
/// and sleeps when nothing is left. A new piece of work, someone looking at one, or `amity serve`
/// starting wakes it.
actor BackgroundWorker {
    /// What a turn leaves behind it.
    enum Progress: Sendable {
        /// It did a piece of work: take the next at once.
        case worked
        /// Nothing to do now, but work is unfinished (on another instance, or due later).
        case waiting
        /// Nothing is left anywhere.
        case idle
    }

    /// One piece of work.
    typealias Turn = @Sendable (Application) async throws -> Progress

    private let turn: Turn
    private let deadline: Duration
    private var loop: Task<Void, Never>?
    private var woken = false
    private var stopped = false

    /// A worker whose turns are given up after `deadline` (see `withDeadline`), so that one query
    /// lost with its connection does not stop the work for good.
    init(deadline: Duration = .seconds(120), _ turn: @escaping Turn) {
        self.turn = turn
        self.deadline = deadline
    }

    /// Starts the worker, or has it look again at once.
    func wake(_ app: Application) {
        woken = true
        guard loop == nil, !stopped else { return }
        loop = Task { await self.work(app) }
    }

    /// Stops for good, once the turn in hand has ended (a cancelled turn puts its work back).
    func stop() async {
        stopped = true
        let running = loop
        running?.cancel()
        await running?.value
    }

    private func work(_ app: Application) async {
        while !Task.isCancelled {
            woken = false
            var progress = Progress.waiting
            do {
                progress = try await withDeadline(deadline, on: app.eventLoopGroup.any()) { [turn] in try await turn(app) }
            } catch {
                app.logger.report(error: error) // the database may be down: look again in a while
            }
            if progress == .worked {
                app.publicPages.forgetAll() // the work may have changed what a page shows
                continue
            }
            if progress == .idle && !woken { break }
            for _ in 0..<20 where !woken && !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
        loop = nil
    }
}

extension Application {
    private struct InstanceKey: StorageKey { typealias Value = String }
    private struct PlanWorkerKey: StorageKey { typealias Value = BackgroundWorker }
    private struct MailWorkerKey: StorageKey { typealias Value = BackgroundWorker }
    private struct MaintenanceWorkerKey: StorageKey { typealias Value = BackgroundWorker }
    private struct ReservationWorkerKey: StorageKey { typealias Value = BackgroundWorker }

    /// This instance, as the background work it takes names it.
    var instanceID: String {
        if let id = storage[InstanceKey.self] { return id }
        let id = UUID().uuidString
        storage[InstanceKey.self] = id
        return id
    }

    /// Makes the plans waiting in `plan_jobs` (see `PlanJobTurn`); set by `configure`.
    var planWorker: BackgroundWorker {
        get { configured(PlanWorkerKey.self) }
        set { storage[PlanWorkerKey.self] = newValue }
    }

    /// Sends the mail waiting in the outbox (see `OutboxTurn`); set by `configure`.
    var mailWorker: BackgroundWorker {
        get { configured(MailWorkerKey.self) }
        set { storage[MailWorkerKey.self] = newValue }
    }


    /// Purges what has served its time, hourly while the server runs (see `Maintenance`); set by `configure`.
    var maintenanceWorker: BackgroundWorker {
        get { configured(MaintenanceWorkerKey.self) }
        set { storage[MaintenanceWorkerKey.self] = newValue }
    }

    /// Draws pre-order rounds once they close and forfeits reservations past their windows (see
    /// `ReservationExpiry`); set by `configure`.
    var reservationWorker: BackgroundWorker {
        get { configured(ReservationWorkerKey.self) }
        set { storage[ReservationWorkerKey.self] = newValue }
    }
}

/// Stops the background workers before the database closes.
struct BackgroundWorkShutdown: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.planWorker.stop()
        await application.mailWorker.stop()
        await application.maintenanceWorker.stop()
        await application.reservationWorker.stop()
        await application.gazetteerWorker.stop()
        await application.libraryWorker.stop()
    }
}
