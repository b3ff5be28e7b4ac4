import Fluent
import SQLKit

/// Japanese and Korean country names, and first-level regions named in every page language, so a
/// page says "New South Wales" where it said "02".
struct AddPlaceNames: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Country.schema).field("name_ja", .string).update()
        try await database.schema(Country.schema).field("name_ko", .string).update()
        try await database.schema(Region.schema)
            .id()
            .field("country_code", .string, .required)
            .field("code", .string, .required)
            .field("name_en", .string, .required)
            .field("name_zh_hant", .string)
            .field("name_zh_hans", .string)
            .field("name_ja", .string)
            .field("name_ko", .string)
            .create()
        try await database.sql.create(index: "regions_by_code").unique().on(Region.schema)
            .column("country_code").column("code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "regions_by_code").run()
        try await database.schema(Region.schema).delete()
        try await database.schema(Country.schema).deleteField("name_ko").update()
        try await database.schema(Country.schema).deleteField("name_ja").update()
    }
}
