import Fluent

/// Plans made as of a past date (and the jobs that make them), the nearer supplier a plan line's
/// tie was preferred to, and a note on needs, offers and campaigns (a demo figure says it is illustrative).
struct AddPlanDaysAndNotes: AsyncMigration {
    private static let columns: [(schema: String, field: FieldKey, type: DatabaseSchema.DataType)] = [
        (PlanRecord.schema, "as_of", .datetime),
        (PlanJobRecord.schema, "as_of", .datetime),
        (PlanLineRecord.schema, "nearer_city_id", .int64),
        (NeedRecord.schema, "note", .string),
        (OfferRecord.schema, "note", .string),
        (CampaignRecord.schema, "note", .string),
    ]

    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        for column in Self.columns {
            try await database.schema(column.schema).field(column.field, column.type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in Self.columns.reversed() {
            try await database.schema(column.schema).deleteField(column.field).update()
        }
    }
}
