import Fluent
import SQLKit

/// Donation pools and what each donation gave them.
struct AddDonationPools: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PoolRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("programme_id", .int64, .required, .references(ProgrammeRecord.schema, "id"))
            .field("name", .string, .required)
            .field("items", .string, .required)
            .field("created_by", .int64)
            .field("created_at", .datetime, .required)
            .field("offered_at", .datetime)
            .create()
        try await database.schema(DonationRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("pool_id", .int64, .required, .references(PoolRecord.schema, "id"))
            .field("sale_id", .int64, .required, .references(SaleRecord.schema, "id"))
            .field("class", .string, .required)
            .field("quantity", .int64, .required)
            .field("at", .datetime, .required)
            .field("offer_id", .int64)
            .create()
        try await database.createIndex("ration_donations_pool", on: DonationRecord.schema, columns: ["pool_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DonationRecord.schema).delete()
        try await database.schema(PoolRecord.schema).delete()
    }
}
