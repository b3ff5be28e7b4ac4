import Fluent

struct CreateStatements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StatementRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("title", .string, .required)
            .field("text", .string, .required)
            .field("version", .int64, .required)
            .field("previous_id", .int64, .references(StatementRecord.schema, "id"))
            .field("status", .string, .required)
            .field("host_city_id", .int64, .references(City.schema, "id"))
            .field("host_network_id", .string, .references(Network.schema, "id"))
            .field("opens_at", .datetime)
            .field("closes_at", .datetime)
            .field("text_hash", .string)
            .field("created_by", .int64, .required, .references(Person.schema, "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(SignatureEntryRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("statement_id", .int64, .required, .references(StatementRecord.schema, "id"))
            .field("position", .int64, .required)
            .field("action", .string, .required)
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("city_name", .string, .required)
            .field("signer_name", .string, .required)
            .field("signer_title", .string, .required)
            .field("person_id", .int64, .required, .references(Person.schema, "id"))
            .field("at", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            // Two signatures racing for the same place in the chain: one wins, the other retries.
            .unique(on: "statement_id", "position")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignatureEntryRecord.schema).delete()
        try await database.schema(StatementRecord.schema).delete()
    }
}
