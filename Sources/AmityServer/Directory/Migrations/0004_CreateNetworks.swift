import Fluent

struct CreateNetworks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Network.schema)
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("short_name", .string, .required)
            .field("kind", .string, .required)
            .field("founded", .int)
            .field("website", .string)
            .field("secretariat_city_id", .int64, .references(City.schema, "id"))
            .field("summary", .string, .required)
            .create()
        try await database.schema(Membership.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("network_id", .string, .required, .references(Network.schema, "id", onDelete: .cascade))
            .field("city_id", .int64, .required, .references(City.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("since", .string)
            .field("source", .string)
            .create()
        try await database.createIndex("memberships_network_city", on: Membership.schema, columns: ["network_id", "city_id"], unique: true)
        try await database.createIndex("memberships_city", on: Membership.schema, columns: ["city_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Membership.schema).delete()
        try await database.schema(Network.schema).delete()
    }
}
