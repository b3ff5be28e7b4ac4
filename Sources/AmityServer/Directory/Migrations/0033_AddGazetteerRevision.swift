import Fluent
import SQLKit

/// A number every gazetteer import raises in its transaction, so each running instance (and a
/// server beside an `amity import` on the same file) knows when to reload the cities it holds in
/// memory (see `GazetteerCache`).
struct AddGazetteerRevision: AsyncMigration {
    static let schema = "gazetteer_revision"

    func prepare(on database: any Database) async throws {
        try await database.schema(Self.schema)
            .field("id", .int64, .identifier(auto: false))
            .field("revision", .int64, .required)
            .create()
        try await database.sql.insert(into: Self.schema).columns("id", "revision").values(SQLBind(1), SQLBind(1)).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Self.schema).delete()
    }
}
