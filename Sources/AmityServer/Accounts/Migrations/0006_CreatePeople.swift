import Fluent

struct CreatePeople: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Person.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("is_administrator", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex("people_email", on: Person.schema, columns: ["email"], unique: true)

        try await database.schema(WebSession.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("token_hash", .string, .required)
            .field("person_id", .int64, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
        try await database.createIndex("web_sessions_token", on: WebSession.schema, columns: ["token_hash"], unique: true)

        try await database.schema(APIToken.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("person_id", .int64, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .create()
        try await database.createIndex("api_tokens_hash", on: APIToken.schema, columns: ["token_hash"], unique: true)
        try await database.createIndex("api_tokens_person", on: APIToken.schema, columns: ["person_id"])

        try await database.schema(RoleRequest.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("person_id", .int64, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("city_id", .int64, .references(City.schema, "id"))
            .field("network_id", .string, .references(Network.schema, "id"))
            .field("title", .string, .required)
            .field("message", .string, .required)
            .field("status", .string, .required)
            .field("requested_at", .datetime, .required)
            .field("decided_by", .int64, .references(Person.schema, "id"))
            .field("decided_at", .datetime)
            .field("decision_note", .string)
            .create()
        try await database.createIndex("role_requests_person", on: RoleRequest.schema, columns: ["person_id", "status"])
        try await database.createIndex("role_requests_status", on: RoleRequest.schema, columns: ["status", "id"])

        try await database.schema(SignInAttempt.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("at", .datetime, .required)
            .field("succeeded", .bool, .required)
            .create()
        try await database.createIndex("sign_in_attempts_email", on: SignInAttempt.schema, columns: ["email", "at"])
        try await database.createIndex("sign_in_attempts_address", on: SignInAttempt.schema, columns: ["address", "at"])
    }

    func revert(on database: any Database) async throws {
        for schema in [SignInAttempt.schema, RoleRequest.schema, APIToken.schema, WebSession.schema, Person.schema] {
            try await database.schema(schema).delete()
        }
    }
}
