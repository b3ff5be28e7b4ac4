import Fluent

/// Live entries keep what they say as facts, worded for each reader, beside the English text.
struct AddLiveFacts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LiveEntryRecord.schema).field("title_fact", .string).update()
        try await database.schema(LiveEntryRecord.schema).field("summary_fact", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LiveEntryRecord.schema).deleteField("summary_fact").update()
        try await database.schema(LiveEntryRecord.schema).deleteField("title_fact").update()
    }
}
