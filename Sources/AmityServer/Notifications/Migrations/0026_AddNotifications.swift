import Fluent
import SQLKit

/// Notifications: the kinds each person turned off, the language their mail is written in, and
/// when a need's city was last warned that it lapses (so the warning goes once per confirmation).
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
        try await database.schema(NeedRecord.schema).field("lapse_warned_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NotificationOptOut.schema).delete()
        try await database.schema(Person.schema).deleteField("language").update()
        try await database.schema(NeedRecord.schema).deleteField("lapse_warned_at").update()
    }
}
