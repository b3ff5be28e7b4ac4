import Fluent

/// A verified role can be taken back, with who did it, when and why (review finding M7).
struct AddRoleRevocation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema(RoleRequest.schema).field("revoked_by", .int64).update()
        try await database.schema(RoleRequest.schema).field("revoked_at", .datetime).update()
        try await database.schema(RoleRequest.schema).field("revocation_reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        for field in ["revoked_by", "revoked_at", "revocation_reason"] {
            try await database.schema(RoleRequest.schema).deleteField(.key(.string(field))).update()
        }
    }
}
