import Fluent

/// When each outlet sells (`ServicePeriods`): 21 letters, or NULL while the outlet has not said.
struct AddServicePeriods: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutletRecord.schema).field("service_periods", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OutletRecord.schema).deleteField("service_periods").update()
    }
}
