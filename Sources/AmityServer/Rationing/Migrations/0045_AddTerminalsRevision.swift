import Fluent

/// Each programme counts its terminals issued and revoked, so every instance's roster of live
/// terminals (`TerminalRoster`) learns of a change with one small read, and reads them all again only then.
struct AddTerminalsRevision: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProgrammeRecord.schema).field("terminals_revision", .int64, .required, .sql(.default(0))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProgrammeRecord.schema).deleteField("terminals_revision").update()
    }
}
