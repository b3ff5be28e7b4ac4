import Fluent

struct CreateIdempotencyRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IdempotencyRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("scope", .string, .required)
            .field("key", .string, .required)
            .field("fingerprint", .string, .required)
            .field("status", .int, .required)
            .field("content_type", .string)
            .field("location", .string)
            .field("body", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex("idempotency_records_scope_key", on: IdempotencyRecord.schema, columns: ["scope", "key"], unique: true)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IdempotencyRecord.schema).delete()
    }
}
