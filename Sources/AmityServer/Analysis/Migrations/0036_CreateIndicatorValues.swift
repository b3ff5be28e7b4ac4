import Fluent

/// The indicator values cities report, compared by distance to target.
struct CreateIndicatorValues: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IndicatorValueRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("indicator", .string, .required)
            .field("name", .string, .required)
            .field("unit", .string, .required)
            .field("better", .string, .required)
            .field("value", .double, .required)
            .field("measured_on", .string, .required)
            .field("baseline", .double)
            .field("baseline_on", .string)
            .field("target", .double, .required)
            .field("target_by", .string)
            .field("source", .string, .required)
            .field("reported_at", .datetime, .required)
            .create()
        try await database.createIndex("indicator_values_indicator", on: IndicatorValueRecord.schema, columns: ["indicator", "city_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IndicatorValueRecord.schema).delete()
    }
}
