import Foundation
import SQLKit

/// What a column holds, as both databases can be asked: Fluent's SQLite keeps instants as REAL
/// and doubles as DOUBLE, and booleans as INTEGER; PostgreSQL says each in its catalogue.
enum ColumnKind: String, Codable, Sendable {
    case integer, boolean, double, text, timestamp, uuid, blob
}

/// A table as the database describes it: its name and columns, in order.
struct TableShape: Codable, Sendable, Equatable {
    struct Column: Codable, Sendable, Equatable {
        var name: String
        var type: ColumnKind
    }
    var name: String
    var columns: [Column]
}

/// Reads the tables of the current database (or PostgreSQL schema) in the order they were created,
/// which is the order a table's references allow them to be filled.
enum TableCatalogue {
    /// Tables never carried by an archive: Fluent's own ledger of migrations (the manifest lists
    /// them), the search index (rebuilt from what it indexes), sessions and sign-in throttles.
    static func isCarried(_ table: String) -> Bool {
        !(table.hasPrefix("_fluent") || table.hasPrefix("sqlite_") || table.hasPrefix("search_")
            || ["web_sessions", "sign_in_attempts"].contains(table))
    }

    /// Tables a migration fills as it creates them, so an empty instance has rows there; an import
    /// replaces those rows with the archive's.
    static let filledByMigrations: Set<String> = ["gazetteer_revision"]

    static func tables(on sql: any SQLDatabase) async throws -> [TableShape] {
        if sql.dialect.name == "sqlite" {
            let names = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid").all().map { try $0.decode(column: "name", as: String.self) }
            var shapes: [TableShape] = []
            for name in names where isCarried(name) {
                let columns = try await sql.raw("SELECT name, type FROM pragma_table_info(\(bind: name)) ORDER BY cid").all().map { row in
                    TableShape.Column(name: try row.decode(column: "name", as: String.self), type: sqliteKind(try row.decode(column: "type", as: String.self)))
                }
                shapes.append(TableShape(name: name, columns: columns))
            }
            return shapes
        }
        let names = try await sql.raw("""
            SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.oid
            """).all().map { try $0.decode(column: "name", as: String.self) }
        let columns = try await sql.raw("""
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
            """).all()
        var byTable: [String: [TableShape.Column]] = [:]
        for row in columns {
            byTable[try row.decode(column: "table_name", as: String.self), default: []]
                .append(.init(name: try row.decode(column: "column_name", as: String.self), type: postgresKind(try row.decode(column: "data_type", as: String.self))))
        }
        return names.filter(isCarried).map { TableShape(name: $0, columns: byTable[$0] ?? []) }
    }

    static func sqliteKind(_ declared: String) -> ColumnKind {
        switch declared.uppercased() {
        case "INTEGER", "BIGINT", "INT": .integer
        case "REAL": .timestamp
        case "DOUBLE", "FLOAT": .double
        case "UUID": .uuid
        case "BLOB": .blob
        case "BOOLEAN": .boolean
        default: .text
        }
    }

    static func postgresKind(_ type: String) -> ColumnKind {
        switch type {
        case "bigint", "integer", "smallint": .integer
        case "boolean": .boolean
        case "double precision", "real", "numeric": .double
        case "timestamp with time zone", "timestamp without time zone", "date": .timestamp
        case "uuid": .uuid
        case "bytea": .blob
        default: .text
        }
    }
}
