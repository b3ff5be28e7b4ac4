import Fluent

/// Exceptions a national government granted to one of its rules: which city, how much, who, when, the source.
struct CreateRuleExceptions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RuleExceptionRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("rule_id", .int64, .required, .references(RuleRecord.schema, "id"))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("quantity", .int64, .required)
            .field("granted_by", .string)
            .field("granted_on", .datetime)
            .field("source", .string)
            .field("note", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex("rule_exceptions_rule_city", on: RuleExceptionRecord.schema, columns: ["rule_id", "city_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RuleExceptionRecord.schema).delete()
    }
}
