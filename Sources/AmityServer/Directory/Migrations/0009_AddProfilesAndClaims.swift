import Fluent

/// City profiles, and who claimed each partnership or event until the other city confirms it.
struct AddProfilesAndClaims: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CityProfile.schema)
            .field("city_id", .int64, .identifier(auto: false), .references(City.schema, "id", onDelete: .cascade))
            .field("office", .string, .required)
            .field("contact_email", .string)
            .field("contact_phone", .string)
            .field("website", .string)
            .field("languages", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        // Added columns only: the portable way to change a shipped table (SQLite cannot add constraints).
        try await database.schema(Partnership.schema)
            .field("claimed_by_city_id", .int64)
            .update()
        try await database.schema(PartnershipEventRecord.schema)
            .field("claimed_by_city_id", .int64)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PartnershipEventRecord.schema).deleteField("claimed_by_city_id").update()
        try await database.schema(Partnership.schema).deleteField("claimed_by_city_id").update()
        try await database.schema(CityProfile.schema).delete()
    }
}
