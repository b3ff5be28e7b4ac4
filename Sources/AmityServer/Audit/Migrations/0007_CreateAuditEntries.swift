import Fluent

struct CreateAuditEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("at", .datetime, .required)
            .field("person_id", .int64, .references(Person.schema, "id"))
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string, .required)
            .field("city_id", .int64)
            .field("before", .string)
            .field("after", .string)
            .field("request_id", .string)
            .create()
        try await database.createIndex("audit_entries_entity", on: AuditEntry.schema, columns: ["entity", "entity_id", "id"])
        try await database.createIndex("audit_entries_city", on: AuditEntry.schema, columns: ["city_id", "id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).delete()
    }
}
