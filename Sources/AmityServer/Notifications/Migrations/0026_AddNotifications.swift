import Fluent
import SQLKit

/// Notifications: the kinds each person turned off, and the language their mail is written in.
struct AddNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NotificationOptOut.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("person_id", .int64, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "person_id", "kind")
            .create()
        try await database.schema(Person.schema).field("language", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NotificationOptOut.schema).delete()
        try await database.schema(Person.schema).deleteField("language").update()
    }
}
