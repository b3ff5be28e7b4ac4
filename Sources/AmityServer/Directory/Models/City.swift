import Fluent

/// A populated place from the gazetteer; its id is its GeoNames id where it has one.
final class City: Model, @unchecked Sendable {
    static let schema = "cities"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @OptionalField(key: "geonames_id") var geonamesID: Int?
    @Field(key: "name") var name: String
    @Field(key: "country_code") var countryCode: String
    @OptionalField(key: "admin1") var admin1: String?
    @Field(key: "latitude") var latitude: Double
    @Field(key: "longitude") var longitude: Double
    @Field(key: "population") var population: Int
    @OptionalField(key: "time_zone") var timeZone: String?

    init() {}
}

/// One name of a city (the main one included) with the key that search compares.
final class CityName: Model, @unchecked Sendable {
    static let schema = "city_names"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "city_id") var cityID: Int
    /// A BCP 47 tag (zh-Hant, ja, ...) when known.
    @OptionalField(key: "language") var language: String?
    @Field(key: "name") var name: String
    @Field(key: "key") var key: String
    /// The name pages show in `language`.
    @Field(key: "preferred") var preferred: Bool

    init() {}
}
