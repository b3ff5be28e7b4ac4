import Fluent
import SQLKit
import Vapor

/// One piece of work at a time, the others waiting in order: SQLite's write transactions (SQLite
/// allows a single writer, and waiting here beats "database is locked").
actor Turns {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// Told of every turn taken, to fold SQLite's log in once they pause.
    nonisolated let checkpoint: QuietCheckpoint?

    init(checkpoint: QuietCheckpoint? = nil) {
        self.checkpoint = checkpoint
    }

    /// `work` in its turn.
    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        defer { checkpoint?.wrote(in: self) }
        return try await take(work)
    }

    /// `work` in its turn, untold: the checkpoint's own.
    func take<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer { if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() } }
        return try await work()
    }
}

extension Application {
    private struct WriteGateKey: StorageKey { typealias Value = Turns }

    /// A write outside any request (a background worker's), taking its turn with the others on SQLite.
    func writeInTurn<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let gate = writeGate {
            let sql = writer.sql
            return try await gate.run { try await work(sql) }
        }
        return try await work(db.sql)
    }

    /// Where SQLite's writes run, in their turns: connections of their own, on the writer's thread.
    var writer: any Database { writerThread.database(.sqlite, logger: logger) }

    /// The turns SQLite's write transactions take; nil on PostgreSQL. Set by `configure`.
    var writeGate: Turns? {
        get { storage[WriteGateKey.self] }
        set { storage[WriteGateKey.self] = newValue }
    }

    /// SQLite's turns, whose log is folded in once they pause.
    func sqliteTurns() -> Turns {
        let thread = writerThread, logger = logger
        return Turns(checkpoint: QuietCheckpoint { try await QuietCheckpoint.fold(on: thread.database(.sqlite, logger: logger).sql) })
    }
}
