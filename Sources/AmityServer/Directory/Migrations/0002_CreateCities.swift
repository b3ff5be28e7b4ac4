import Fluent

struct CreateCities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(City.schema)
            .field("id", .int64, .identifier(auto: false))
            .field("geonames_id", .int64)
            .field("name", .string, .required)
            .field("country_code", .string, .required, .references(Country.schema, "code"))
            .field("admin1", .string)
            .field("latitude", .double, .required)
            .field("longitude", .double, .required)
            .field("population", .int64, .required)
            .field("time_zone", .string)
            .create()
        // Lists sort by population; search filters by country; nearest scans a latitude band.
        try await database.createIndex("cities_population_id", on: City.schema, columns: ["population", "id"])
        try await database.createIndex("cities_country_population", on: City.schema, columns: ["country_code", "population"])
        try await database.createIndex("cities_latitude", on: City.schema, columns: ["latitude"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(City.schema).delete()
    }
}
