import Fluent
import SQLKit

/// Addresses are confirmed by a link sent to them, and passwords reset by one: single use,
/// expiring, stored hashed. Accounts made before confirmation existed count as confirmed (their
/// roles were verified by people who knew them; the next address change confirms again). An
/// account can be deleted: its row stays, emptied, under a neutral name.
struct AddAccountLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema).field("email_confirmed_at", .datetime).update()
        try await database.schema(Person.schema).field("deleted_at", .datetime).update()
        try await database.sql.raw("UPDATE people SET email_confirmed_at = created_at").run()
        try await database.schema(AccountLink.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("person_id", .int64, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("email", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .create()
        try await database.createIndex("account_links_token", on: AccountLink.schema, columns: ["token_hash"], unique: true)
        try await database.createIndex("account_links_person", on: AccountLink.schema, columns: ["person_id", "purpose"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccountLink.schema).delete()
        try await database.schema(Person.schema).deleteField("email_confirmed_at").update()
        try await database.schema(Person.schema).deleteField("deleted_at").update()
    }
}
