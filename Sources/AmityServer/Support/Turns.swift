import Fluent
import SQLKit
import Vapor

/// One piece of work at a time, the others waiting in order: SQLite's write transactions (SQLite
/// allows a single writer, and waiting here beats "database is locked").
actor Turns {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
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

    /// The turns SQLite's write transactions take; nil on PostgreSQL.
    var writeGate: Turns? {
        if case .postgres = amity.database { return nil }
        if let gate = storage[WriteGateKey.self] { return gate }
        let gate = Turns()
        storage[WriteGateKey.self] = gate
        return gate
    }
}
