import Fluent

struct CreatePartnerships: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Partnership.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("city_a_id", .int64, .required, .references(City.schema, "id"))
            .field("city_b_id", .int64, .required, .references(City.schema, "id"))
            .field("kind", .string, .required)
            .field("signed_on", .string)
            .field("status", .string, .required)
            .field("summary", .string)
            .create()
        try await database.createIndex("partnerships_pair_kind", on: Partnership.schema, columns: ["city_a_id", "city_b_id", "kind"], unique: true)
        try await database.createIndex("partnerships_city_b", on: Partnership.schema, columns: ["city_b_id"])
        try await database.schema(PartnershipEventRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("partnership_id", .int64, .required, .references(Partnership.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("on", .string)
            .field("source", .string)
            .field("note", .string)
            .create()
        try await database.createIndex("partnership_events_order", on: PartnershipEventRecord.schema, columns: ["partnership_id", "position"], unique: true)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PartnershipEventRecord.schema).delete()
        try await database.schema(Partnership.schema).delete()
    }
}
