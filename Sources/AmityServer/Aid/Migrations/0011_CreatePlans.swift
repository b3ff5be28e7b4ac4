import Fluent

struct CreatePlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("scope", .string, .required)
            .field("scope_id", .string, .required)
            .field("mode", .string, .required)
            .field("made_by", .int64, .required, .references(Person.schema, "id"))
            .field("delivered", .int64, .required)
            .field("total_cost", .int64, .required)
            .field("unmet", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(PlanLineRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("plan_id", .int64, .required, .references(PlanRecord.schema, "id", onDelete: .cascade))
            .field("offer_id", .int64, .required, .references(OfferRecord.schema, "id"))
            .field("need_id", .int64, .required, .references(NeedRecord.schema, "id"))
            .field("quantity", .int64, .required)
            .field("unit_cost", .int64, .required)
            .field("reason", .string, .required)
            .field("donor_answer", .string)
            .field("recipient_answer", .string)
            .field("pledge_id", .int64, .references(PledgeRecord.schema, "id"))
            .create()
        try await database.createIndex("plan_lines_plan", on: PlanLineRecord.schema, columns: ["plan_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanLineRecord.schema).delete()
        try await database.schema(PlanRecord.schema).delete()
    }
}
