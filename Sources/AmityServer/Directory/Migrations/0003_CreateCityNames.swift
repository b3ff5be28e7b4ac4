import Fluent
import SQLKit

struct CreateCityNames: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // Prefix search is a range scan on `key`; it must compare bytes, not a locale's collation,
        // so PostgreSQL gets COLLATE "C" (SQLite's default BINARY already does).
        let keyType: DatabaseSchema.DataType = database.sql.dialect.name == "postgresql"
            ? .custom(SQLRaw(#"TEXT COLLATE "C""#)) : .string
        try await database.schema(CityName.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("city_id", .int64, .required, .references(City.schema, "id", onDelete: .cascade))
            .field("language", .string)
            .field("name", .string, .required)
            .field("key", keyType, .required)
            .field("preferred", .bool, .required)
            .create()
        try await database.createIndex("city_names_key", on: CityName.schema, columns: ["key"])
        try await database.createIndex("city_names_city", on: CityName.schema, columns: ["city_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CityName.schema).delete()
    }
}
