import Fluent
import SQLKit

/// The log every change of the search index writes in its transaction, which each instance's
/// index in memory follows (see `LibraryCache`). Searches no longer run in PostgreSQL, so its
/// GIN indexes and the title's own tsvector go: the terms stay, to load from.
struct CreateSearchChanges: AsyncMigration {
    static let schema = "search_changes"

    func prepare(on database: any Database) async throws {
        try await database.schema(Self.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("entry_id", .int64, .required)
            .field("added", .bool, .required)
            .field("at", .datetime, .required)
            .create()
        if database.sql.dialect.name == "postgresql" {
            try await database.sql.raw("DROP INDEX search_entries_terms").run()
            try await database.sql.raw("DROP INDEX search_entries_title_terms").run()
            try await database.sql.raw("ALTER TABLE search_entries DROP COLUMN title_terms").run()
        }
    }

    func revert(on database: any Database) async throws {
        if database.sql.dialect.name == "postgresql" {
            try await database.sql.raw("ALTER TABLE search_entries ADD COLUMN title_terms tsvector NOT NULL DEFAULT ''").run()
            try await database.sql.raw("CREATE INDEX search_entries_terms ON search_entries USING gin (terms)").run()
            try await database.sql.raw("CREATE INDEX search_entries_title_terms ON search_entries USING gin (title_terms)").run()
        }
        try await database.schema(Self.schema).delete()
    }
}
