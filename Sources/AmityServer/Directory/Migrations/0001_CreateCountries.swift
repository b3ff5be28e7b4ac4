import Fluent

struct CreateCountries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Country.schema)
            .field("code", .string, .identifier(auto: false))
            .field("iso3", .string, .required)
            .field("geonames_id", .int)
            .field("name_en", .string, .required)
            .field("name_zh_hant", .string)
            .field("name_zh_hans", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Country.schema).delete()
    }
}
