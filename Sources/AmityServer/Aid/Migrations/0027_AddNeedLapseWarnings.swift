import Fluent

/// When a need's city was last warned that it lapses, so the warning goes once per confirmation.
struct AddNeedLapseWarnings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NeedRecord.schema).field("lapse_warned_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NeedRecord.schema).deleteField("lapse_warned_at").update()
    }
}
