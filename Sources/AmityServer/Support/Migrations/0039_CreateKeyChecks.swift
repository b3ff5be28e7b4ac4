import Fluent

/// A check value for each key file the instance uses with this database (`KeyCheck`).
struct CreateKeyChecks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(KeyCheck.schema)
            .field("purpose", .string, .required)
            .field("check_value", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "purpose")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(KeyCheck.schema).delete()
    }
}
