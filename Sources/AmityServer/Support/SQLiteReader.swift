import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor
import VaporCSQLite

/// Read-only connections of Amity's own to its SQLite file, for the look-ups asked thousands of
/// times a second (`RationingReads`), each statement prepared once per connection and kept. Through
/// SQLiteNIO every query is parsed and planned again, runs on a thread of the blocking pool, and
/// hands each row back to the event loop on its own: an entitlement question cost 139–170 µs of
/// CPU through it and costs 124–146 µs here (Benchmarks/README.md, rationing, item 28). A look-up is a few
/// index probes into pages the system already caches, tens of microseconds, so it runs on the
/// thread that asks rather than paying two thread hops. In autocommit every run is its own read
/// transaction, begun when it starts and ended by the reset after it: it sees every commit before.
/// It calls the SQLite that SQLiteNIO builds (`VaporCSQLite`, visible to its dependents), so the
/// file is opened by one library in the process, whose locks its own connections share.
final class SQLiteReader: Sendable {
    /// A value bound to a statement or read from a column.
    enum Value: Sendable, Equatable {
        case integer(Int), real(Double), text(String), null

        /// A date as SQLiteNIO stores one: seconds since 1970.
        init(_ date: Date) { self = .real(date.timeIntervalSince1970) }

        var int: Int? { if case .integer(let value) = self { value } else { nil } }
        var string: String? { if case .text(let value) = self { value } else { nil } }
        /// A date stored by SQLiteNIO, rounded to the microsecond as it reads one.
        var date: Date? {
            guard case .real(let seconds) = self else { return nil }
            return Date(timeIntervalSinceReferenceDate: ((seconds - Date.timeIntervalBetween1970AndReferenceDate) * 1e6).rounded() / 1e6)
        }
    }

    /// A failure SQLite reported, with its message.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One connection and the statements it keeps; used by one thread at a time.
    private final class Connection: @unchecked Sendable {
        let handle: OpaquePointer
        var statements: [String: OpaquePointer] = [:]

        init(handle: OpaquePointer) { self.handle = handle }

        func close() {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            sqlite_nio_sqlite3_close_v2(handle)
        }
    }

    private struct State {
        var idle: [Connection] = []
        var open = 0
        var closed = false
    }

    private let path: String
    private let state = NIOLockedValueBox(State())

    /// Connections to the SQLite file at `path`, opened as they are first needed.
    init(path: String) {
        self.path = path
    }

    /// The rows of `sql` with `binds` (`?1`, `?2`, … in order), each as its columns' values.
    func rows(_ sql: String, _ binds: [Value]) throws -> [[Value]] {
        let connection = try take()
        defer { give(back: connection) }
        let statement = try connection.statements[sql] ?? prepare(sql, on: connection)
        // Reset ends the read transaction, so a kept statement holds no snapshot between runs.
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (index, value) in binds.enumerated() {
            let position = Int32(index + 1)
            let code = switch value {
            case .integer(let value): sqlite_nio_sqlite3_bind_int64(statement, position, Int64(value))
            case .real(let value): sqlite_nio_sqlite3_bind_double(statement, position, value)
            case .text(let value): sqlite_nio_sqlite3_bind_text(statement, position, value, -1, Self.transient)
            case .null: sqlite_nio_sqlite3_bind_null(statement, position)
            }
            guard code == SQLITE_OK else { throw failure(connection) }
        }
        let columns = sqlite_nio_sqlite3_column_count(statement)
        var rows: [[Value]] = []
        while true {
            switch sqlite_nio_sqlite3_step(statement) {
            case SQLITE_DONE: return rows
            case SQLITE_ROW: rows.append((0..<columns).map { Self.value(of: statement, at: $0) })
            default: throw failure(connection)
            }
        }
    }

    /// Closes every connection; a look-up after fails.
    func close() {
        let idle = state.withLockedValue { state in
            state.closed = true
            defer { state.idle = [] }
            return state.idle
        }
        for connection in idle { connection.close() }
    }

    /// How many connections are open: one for each look-up that ran at once, at most (the grouped
    /// reads run two at once).
    var openConnections: Int { state.withLockedValue(\.open) }

    private func take() throws -> Connection {
        let taken = try state.withLockedValue { state -> Connection? in
            guard !state.closed else { throw Failure(description: "The database's readers are closed.") }
            if let connection = state.idle.popLast() { return connection }
            state.open += 1
            return nil
        }
        if let taken { return taken }
        do {
            return try open()
        } catch {
            state.withLockedValue { $0.open -= 1 }
            throw error
        }
    }

    private func give(back connection: Connection) {
        let closed = state.withLockedValue { state in
            if !state.closed { state.idle.append(connection) } else { state.open -= 1 }
            return state.closed
        }
        if closed { connection.close() }
    }

    private func open() throws -> Connection {
        var handle: OpaquePointer?
        // NOMUTEX: a connection is used by one thread at a time (taken from `idle` under the lock).
        let code = sqlite_nio_sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "code \(code)"
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            throw Failure(description: "The database file could not be opened for reading: \(message)")
        }
        // A reader waits only while a crashed writer's log is recovered; never long, never forever.
        sqlite_nio_sqlite3_busy_timeout(handle, 1_000)
        return Connection(handle: handle)
    }

    private func prepare(_ sql: String, on connection: Connection) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else { throw failure(connection) }
        connection.statements[sql] = statement
        return statement
    }

    private func failure(_ connection: Connection) -> Failure {
        Failure(description: String(cString: sqlite_nio_sqlite3_errmsg(connection.handle)))
    }

    private static func value(of statement: OpaquePointer, at column: Int32) -> Value {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: .real(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT: .text(String(cString: sqlite_nio_sqlite3_column_text(statement, column)))
        default: .null
        }
    }

    /// SQLite copies a bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// SQLite's text with its binds numbered (`?1`, `?2`, …) and given apart, so that SQLKit runs the
/// very statement `SQLiteReader` keeps (on SQLite in memory, which the readers cannot open).
struct NumberedSQL: SQLExpression {
    let sql: String
    let binds: [any Encodable & Sendable]

    init(_ sql: String, binds: [any Encodable & Sendable]) {
        (self.sql, self.binds) = (sql, binds)
    }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(sql)
        serializer.binds += binds
    }
}

extension Application {
    private struct SQLiteReaderKey: StorageKey { typealias Value = SQLiteReader }

    /// The readers of an SQLite file; nil in memory and on PostgreSQL. Set by `configure`.
    var sqliteReader: SQLiteReader? {
        get { storage[SQLiteReaderKey.self] }
        set { storage[SQLiteReaderKey.self] = newValue }
    }
}
