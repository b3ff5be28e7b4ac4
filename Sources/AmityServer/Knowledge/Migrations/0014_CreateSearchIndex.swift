import Fluent
import SQLKit

/// The search index: `search_entries` and, per database, where its terms go.
struct CreateSearchIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SearchEntryRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("ref_id", .int64, .required)
            .field("city_id", .int64, .required)
            .field("country_code", .string, .required)
            .field("city_size", .string, .required)
            .field("area", .string, .required)
            .field("language", .string, .required)
            .field("published_at", .datetime, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("facet", .string, .required)
            .unique(on: "kind", "ref_id")
            .create()
        try await database.createIndex("search_entries_published", on: SearchEntryRecord.schema, columns: ["published_at", "id"])
        try await database.createIndex("search_entries_city", on: SearchEntryRecord.schema, columns: ["city_id"])
        if database.sql.dialect.name == "postgresql" {
            // All the terms, and the title's alone (0034 drops the title's and both indexes: searches
            // run in memory since).
            try await database.sql.raw("ALTER TABLE search_entries ADD COLUMN terms tsvector NOT NULL DEFAULT ''").run()
            try await database.sql.raw("ALTER TABLE search_entries ADD COLUMN title_terms tsvector NOT NULL DEFAULT ''").run()
            try await database.sql.raw("CREATE INDEX search_entries_terms ON search_entries USING gin (terms)").run()
            try await database.sql.raw("CREATE INDEX search_entries_title_terms ON search_entries USING gin (title_terms)").run()
        } else {
            // Terms arrive already cut by `SearchText`; the tokenizer only splits on spaces and keeps
            // every letter, mark and digit. Prefix indexes make "vacc*" as quick as a whole word.
            try await database.sql.raw("""
                CREATE VIRTUAL TABLE search_terms USING fts5(title, summary, tags, body,
                  tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'", prefix = '2 3 4')
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        if database.sql.dialect.name != "postgresql" { try await database.sql.raw("DROP TABLE search_terms").run() }
        try await database.schema(SearchEntryRecord.schema).delete()
    }
}
