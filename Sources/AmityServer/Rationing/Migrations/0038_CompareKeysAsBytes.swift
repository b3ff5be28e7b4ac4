import Fluent
import SQLKit

/// Hashes, HMACs and sale ids are looked up by equality, never sorted for people: on PostgreSQL
/// they compare as bytes (COLLATE "C"), not through the database's locale, which made every
/// index step of the hottest look-ups (a resident's HMAC, a terminal's token hash) a `strcoll`
/// call. With 300,000 people an eleven-person look-up ran in 0.21 ms instead of 0.37 under
/// C.UTF-8 (Benchmarks/README.md, rationing). SQLite's default BINARY already compares bytes.
struct CompareKeysAsBytes: AsyncMigration {
    static let columns: [(table: String, column: String)] = [
        (WebSession.schema, "token_hash"),
        (APIToken.schema, "token_hash"),
        (AccountLink.schema, "token_hash"),
        (TerminalRecord.schema, "token_hash"),
        (RegisteredPersonRecord.schema, "document_key"),
        (RegisteredPersonRecord.schema, "household_key"),
        (SaleRecord.schema, "client_id"),
    ]

    func prepare(on database: any Database) async throws {
        try await collate(#""C""#, on: database)
    }

    func revert(on database: any Database) async throws {
        try await collate(#""default""#, on: database)
    }

    private func collate(_ collation: String, on database: any Database) async throws {
        let sql = database.sql
        guard sql.dialect.name == "postgresql" else { return }
        for (table, column) in Self.columns {
            // Rebuilds the column's indexes; its statistics go with the old type, so they are gathered again.
            try await sql.raw("ALTER TABLE \(ident: table) ALTER COLUMN \(ident: column) TYPE TEXT COLLATE \(unsafeRaw: collation)").run()
        }
        for table in Set(Self.columns.map(\.table)).sorted() {
            try await sql.raw("ANALYZE \(ident: table)").run()
        }
    }
}
