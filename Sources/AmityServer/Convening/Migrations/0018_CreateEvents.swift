import Fluent

struct CreateEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EventRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("host_city_id", .int64, .references(City.schema, "id"))
            .field("host_network_id", .string, .references(Network.schema, "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("time_zone", .string, .required)
            .field("online_link", .string)
            .field("capacity", .int64)
            .field("waiting_list", .bool, .required)
            .field("recording_link", .string)
            .field("agenda", .string, .required)
            // A sitting of an assembly (created after events, so without a foreign key).
            .field("assembly_id", .int64)
            .field("created_by", .int64, .required, .references(Person.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.createIndex("events_starts", on: EventRecord.schema, columns: ["starts_at"])
        try await database.schema(RegistrationRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("event_id", .int64, .required, .references(EventRecord.schema, "id"))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("person_id", .int64, .required, .references(Person.schema, "id"))
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "event_id", "city_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RegistrationRecord.schema).delete()
        try await database.schema(EventRecord.schema).delete()
    }
}
