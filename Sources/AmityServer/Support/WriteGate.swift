import Fluent
import Vapor

/// One write transaction at a time on SQLite, which allows a single writer: waiting here beats a
/// "database is locked" error when two requests write at once. PostgreSQL needs no gate.
actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        if busy { await withCheckedContinuation { waiting.append($0) } } else { busy = true }
        defer { if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() } }
        return try await work()
    }
}

extension Application {
    private struct WriteGateKey: StorageKey { typealias Value = WriteGate }

    /// The gate SQLite's write transactions pass through; nil on PostgreSQL.
    var writeGate: WriteGate? {
        if case .postgres = amity.database { return nil }
        if let gate = storage[WriteGateKey.self] { return gate }
        let gate = WriteGate()
        storage[WriteGateKey.self] = gate
        return gate
    }
}
