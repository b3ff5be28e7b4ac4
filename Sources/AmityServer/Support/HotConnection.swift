import FluentKit
import NIOConcurrencyHelpers
import PostgresKit
import SQLKit
import Vapor

/// A connection as the statements run thousands of times a second use it (a sale batch's, the
/// grouped reads of `RationingReads`). Through SQLKit they are plain SQL that either database
/// runs, and SQLite takes them so. On a PostgreSQL connection of their own they have a fixed shape
/// (lists bound as arrays) and are prepared once per connection (`HotStatement`): through SQLKit
/// every call is an unnamed statement that PostgreSQL parses and plans again, and planning was a
/// quarter of its CPU in a sale (Benchmarks/README.md, rationing, item 19).
enum HotConnection: Sendable {
    /// Plain SQL through SQLKit: SQLite, or PostgreSQL where no connection of its own is at hand.
    case sql(any SQLDatabase)
    /// A PostgreSQL connection, on which the hot statements are prepared and kept.
    case postgres(PostgresConnection)

    /// The same connection through SQLKit, for the statements that run seldom.
    var database: any SQLDatabase {
        switch self {
        case .sql(let db): db
        case .postgres(let connection): connection.sql()
        }
    }
}

/// A hot statement of a fixed shape whose rows are `ColumnRow`s, prepared on a PostgreSQL connection
/// the first time it runs there and kept by the connection under its `name` (PostgreSQL keeps 63
/// bytes of a name, too few for PostgresNIO's default, the type's full name).
///
/// Its plan is made once and kept as long as the connection, so a look-up by a list of keys is
/// written as one probe of the index for each key: `unnest` of the list, `CROSS JOIN LATERAL` a
/// subquery by equality that `OFFSET 0` keeps from being merged into a join. Written as
/// `key = ANY(list)`, a plan made while a table was nearly empty (a programme's first day) read that
/// key from the rows found under the others instead of looking it up, and scanned a whole programme
/// once the table had grown (Benchmarks/README.md, rationing, item 25).
protocol HotStatement: PostgresPreparedStatement where Row: ColumnRow {}

extension HotStatement {
    /// The row by its columns' names, as SQLKit reads it. The statements that return many rows
    /// decode theirs by position and type instead (`PostgresRow.decode` of a tuple): by name, each
    /// row built a table of its columns and cast every value at run time, 4 % of a sale's CPU.
    func decodeRow(_ row: PostgresRow) throws -> Row { try Row(columns: row.sql()) }
}

extension PostgresBindings {
    /// `values`, bound in their order as $1, $2, ….
    init<each Value: PostgresDynamicTypeEncodable>(_ values: repeat each Value) {
        self.init()
        repeat append(each values)
    }
}

extension PostgresConnection {
    /// Every row of `statement`.
    func all<Statement: HotStatement>(_ statement: Statement) async throws -> [Statement.Row] {
        var rows: [Statement.Row] = []
        for try await row in try await execute(statement, logger: logger) { rows.append(row) }
        return rows
    }
}

extension HotConnection {
    /// Connections of the hot pool per event loop: enough for the sale batches (`SaleQueue`) and the
    /// grouped reads (`RationingReads`) running at once.
    static let connectionsPerEventLoop = 6

    /// The hot pool's connections: the app's, but every statement prepared on them is planned once,
    /// for any values (`plan_cache_mode`), and by its index (`enable_seqscan`).
    ///
    /// Left to choose, PostgreSQL plans each call anew whenever its plan for the elements the call's
    /// arrays hold looks cheaper than the generic plan, which assumes ten: with batches of a few
    /// sales that was most calls (1.1 s of planning in 8 s at 700 sales a second).
    ///
    /// A plan made once lives as long as the connection, or until the tables' statistics next
    /// change: one made while the ledger was empty (a programme's first day) scanned the whole of
    /// the sales and their lines in every batch, ever longer as they grew. Every hot statement is a
    /// look-up by index, so scans are off on these connections whatever the statistics say; the
    /// app's other queries keep PostgreSQL's usual choices.
    static func configuration(_ app: SQLPostgresConfiguration) -> SQLPostgresConfiguration {
        var hot = app
        hot.coreConfiguration.options.additionalStartupParameters += [
            ("plan_cache_mode", "force_generic_plan"), ("enable_seqscan", "off"),
        ]
        return hot
    }
}

extension DatabaseID {
    /// PostgreSQL's pool for the hot statements (`HotConnection`).
    static let hot = DatabaseID(string: "psql-hot")
}

/// The hot database of each event loop, made once: `Application.db(_:)` makes a Fluent database
/// value anew at every call (the driver, its pool and their types looked up again), and a grouped
/// read paid more for that than for its connection (Benchmarks/README.md, rationing, item 30).
final class HotDatabases: Sendable {
    private let made = NIOLockedValueBox([ObjectIdentifier: any Database]())

    /// The database `make` gives, kept for the event loop this runs on (any one, off them).
    func database(on loop: any EventLoop, _ make: () -> any Database) -> any Database {
        if let made = made.withLockedValue({ $0[ObjectIdentifier(loop)] }) { return made }
        let database = make()
        made.withLockedValue { $0[ObjectIdentifier(database.eventLoop)] = database }
        return database
    }
}

extension Application {
    private struct HotDatabasesKey: StorageKey { typealias Value = HotDatabases }

    /// The hot databases made so far, set by `configure`.
    var hotDatabases: HotDatabases? {
        get { storage[HotDatabasesKey.self] }
        set { storage[HotDatabasesKey.self] = newValue }
    }

    /// Where the hot statements run: PostgreSQL's hot pool, or SQLite's database, made once per
    /// event loop (`HotDatabases`).
    var hotDatabase: any Database {
        let make = { () -> any Database in
            if case .postgres = self.amity.database { return self.db(.hot) }
            return self.db
        }
        return hotDatabases?.database(on: eventLoopGroup.any(), make) ?? make()
    }
}

extension Database {
    /// `body` on one connection of this database's pool: on PostgreSQL a connection of its own,
    /// on SQLite plain SQL.
    func withHotConnection<T: Sendable>(_ body: @escaping @Sendable (HotConnection) async throws -> T) async throws -> T {
        guard let postgres = self as? any PostgresDatabase else { return try await body(.sql(sql)) }
        return try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask { try await body(.postgres(connection)) }
        }.get()
    }
}
