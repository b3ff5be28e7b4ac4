import Fluent

/// Plans asked for over HTTP wait here for a worker, so a request never holds a core for minutes.
struct CreatePlanJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanJobRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("scope", .string, .required)
            .field("scope_id", .string, .required)
            .field("mode", .string, .required)
            .field("requested_by", .int64, .required, .references(Person.schema, "id"))
            .field("status", .string, .required)
            .field("stage", .string, .required)
            .field("offers", .int64, .required)
            .field("needs", .int64, .required)
            .field("items_done", .int64, .required)
            .field("items_total", .int64, .required)
            .field("attempts", .int64, .required)
            .field("worker", .string)
            .field("heartbeat_at", .datetime)
            .field("plan_id", .int64, .references(PlanRecord.schema, "id"))
            .field("failure", .string)
            .field("requested_at", .datetime, .required)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .create()
        try await database.createIndex("plan_jobs_status", on: PlanJobRecord.schema, columns: ["status", "id"])
        try await database.createIndex("plan_jobs_requested_by", on: PlanJobRecord.schema, columns: ["requested_by", "status"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanJobRecord.schema).delete()
    }
}
