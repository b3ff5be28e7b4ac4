import Fluent

/// Sources, which records rest on which source (and whether stated, inferred or illustrative),
/// and the sourced facts the record holds without pairs of cities.
struct CreateEvidence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SourceRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("key", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("publisher", .string)
            .field("url", .string)
            .field("published_on", .string)
            .field("accessed_on", .string)
            .field("note", .string)
            .create()
        try await database.createIndex("sources_key", on: SourceRecord.schema, columns: ["key"], unique: true)
        try await database.schema(RecordSourceRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("entity", .string, .required)
            .field("entity_id", .string, .required)
            .field("source_id", .int64, .required, .references(SourceRecord.schema, "id"))
            .field("supports", .string)
            .field("standing", .string, .required)
            .field("note", .string)
            .create()
        try await database.createIndex("record_sources_record", on: RecordSourceRecord.schema, columns: ["entity", "entity_id"])
        try await database.createIndex("record_sources_source", on: RecordSourceRecord.schema, columns: ["source_id"])
        try await database.schema(SourcedFactRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("key", .string, .required)
            .field("text", .string, .required)
            .field("value", .int64)
            .field("unit", .string)
            .field("countries", .string, .required)
            .field("city_id", .int64, .references(City.schema, "id"))
            .field("on", .string)
            .field("source_id", .int64, .required, .references(SourceRecord.schema, "id"))
            .create()
        try await database.createIndex("sourced_facts_key", on: SourcedFactRecord.schema, columns: ["key"], unique: true)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SourcedFactRecord.schema).delete()
        try await database.schema(RecordSourceRecord.schema).delete()
        try await database.schema(SourceRecord.schema).delete()
    }
}
