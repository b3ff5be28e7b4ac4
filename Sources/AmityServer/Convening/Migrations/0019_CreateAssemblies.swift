import Fluent

struct CreateAssemblies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AssemblyRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("network_id", .string, .required, .references(Network.schema, "id"))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("quorum_percent", .int64, .required)
            .field("majority", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(AssemblyMemberRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("assembly_id", .int64, .required, .references(AssemblyRecord.schema, "id"))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .unique(on: "assembly_id", "city_id")
            .create()
        try await database.schema(MotionRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("assembly_id", .int64, .required, .references(AssemblyRecord.schema, "id"))
            .field("amends_id", .int64, .references(MotionRecord.schema, "id"))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("person_id", .int64, .required, .references(Person.schema, "id"))
            .field("title", .string, .required)
            .field("text", .string, .required)
            .field("vote_opens_at", .datetime)
            .field("vote_closes_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(MotionCommentRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("motion_id", .int64, .required, .references(MotionRecord.schema, "id"))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("person_id", .int64, .required, .references(Person.schema, "id"))
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(VoteRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("motion_id", .int64, .required, .references(MotionRecord.schema, "id"))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("person_id", .int64, .required, .references(Person.schema, "id"))
            .field("choice", .string, .required)
            .field("at", .datetime, .required)
            // One vote per city, whatever races the requests run.
            .unique(on: "motion_id", "city_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [VoteRecord.schema, MotionCommentRecord.schema, MotionRecord.schema, AssemblyMemberRecord.schema, AssemblyRecord.schema] {
            try await database.schema(schema).delete()
        }
    }
}
