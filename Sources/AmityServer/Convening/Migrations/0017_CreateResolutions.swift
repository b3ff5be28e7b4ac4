import Fluent

struct CreateResolutions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ResolutionRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("body", .string, .required)
            .field("title", .string, .required)
            .field("adopted_on", .datetime, .required)
            .field("summary", .string, .required)
            .field("link", .string)
            .field("tags", .string, .required)
            .field("created_by", .int64, .required, .references(Person.schema, "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(EndorsementRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("resolution_id", .int64, .required, .references(ResolutionRecord.schema, "id"))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("person_id", .int64, .required, .references(Person.schema, "id"))
            .field("at", .datetime, .required)
            .unique(on: "resolution_id", "city_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EndorsementRecord.schema).delete()
        try await database.schema(ResolutionRecord.schema).delete()
    }
}
