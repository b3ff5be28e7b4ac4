import Fluent

struct CreateLiveFeed: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LiveEntryRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("link", .string, .required)
            .field("city_id", .int64)
            .field("topics", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.schema(FollowRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("person_id", .int64, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("topic", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "person_id", "topic")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FollowRecord.schema).delete()
        try await database.schema(LiveEntryRecord.schema).delete()
    }
}
