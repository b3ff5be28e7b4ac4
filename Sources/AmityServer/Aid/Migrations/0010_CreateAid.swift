import Fluent

struct CreateAid: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NeedRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("item", .string, .required)
            .field("quantity", .int64, .required)
            .field("urgency", .int, .required)
            .field("needed_by", .datetime)
            .field("delivery_note", .string)
            .field("status", .string, .required)
            .field("confirmed_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex("needs_status_item", on: NeedRecord.schema, columns: ["status", "item"])
        try await database.createIndex("needs_city", on: NeedRecord.schema, columns: ["city_id"])

        try await database.schema(OfferRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("item", .string, .required)
            .field("quantity", .int64, .required)
            .field("committed", .int64, .required)
            .field("available_until", .datetime)
            .field("partners_only", .bool, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex("offers_status_item", on: OfferRecord.schema, columns: ["status", "item"])
        try await database.createIndex("offers_city", on: OfferRecord.schema, columns: ["city_id"])

        try await database.schema(RuleRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("country_code", .string, .required, .references(Country.schema, "code"))
            .field("item", .string)
            .field("category", .string)
            .field("kind", .string, .required)
            .field("from", .datetime, .required)
            .field("until", .datetime)
            .field("source", .string)
            .field("title", .string, .required)
            .create()

        try await database.schema(PledgeRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("offer_id", .int64, .references(OfferRecord.schema, "id"))
            .field("need_id", .int64, .references(NeedRecord.schema, "id"))
            .field("donor_city_id", .int64, .required, .references(City.schema, "id"))
            .field("recipient_city_id", .int64, .required, .references(City.schema, "id"))
            .field("item", .string, .required)
            .field("quantity", .int64, .required)
            .field("status", .string, .required)
            .field("waybill", .string)
            .field("mode", .string)
            .field("customs_step", .string)
            .field("received", .int64, .required)
            .field("cancel_reason", .string)
            .field("note", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.createIndex("pledges_donor", on: PledgeRecord.schema, columns: ["donor_city_id"])
        try await database.createIndex("pledges_recipient", on: PledgeRecord.schema, columns: ["recipient_city_id"])
        try await database.createIndex("pledges_offer", on: PledgeRecord.schema, columns: ["offer_id"])
    }

    func revert(on database: any Database) async throws {
        for schema in [PledgeRecord.schema, RuleRecord.schema, OfferRecord.schema, NeedRecord.schema] {
            try await database.schema(schema).delete()
        }
    }
}
