import Fluent

/// An ISO 3166-1 country, keyed by its alpha-2 code.
final class Country: Model, @unchecked Sendable {
    static let schema = "countries"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "iso3") var iso3: String
    @OptionalField(key: "geonames_id") var geonamesID: Int?
    @Field(key: "name_en") var nameEnglish: String
    @OptionalField(key: "name_zh_hant") var nameTraditionalChinese: String?
    @OptionalField(key: "name_zh_hans") var nameSimplifiedChinese: String?

    init() {}
}
