import Fluent

struct CreateCampaigns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CampaignRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("beneficiary_city_id", .int64, .required, .references(City.schema, "id"))
            .field("title", .string, .required)
            .field("target", .int64, .required)
            .field("currency", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(ContributionRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("campaign_id", .int64, .required, .references(CampaignRecord.schema, "id", onDelete: .cascade))
            .field("amount", .int64, .required)
            .field("giver", .string, .required)
            .field("public_credit", .bool, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.createIndex("contributions_campaign", on: ContributionRecord.schema, columns: ["campaign_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ContributionRecord.schema).delete()
        try await database.schema(CampaignRecord.schema).delete()
    }
}
