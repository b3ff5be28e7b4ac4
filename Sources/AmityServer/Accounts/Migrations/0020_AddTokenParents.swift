import Fluent

/// The token that made a token over the API: such a token lives no longer than its parent and
/// dies with it, so a stolen token cannot outlive its own revocation through children.
struct AddTokenParents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(APIToken.schema).field("parent_id", .int64).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APIToken.schema).deleteField("parent_id").update()
    }
}
