import AmityCore
import Foundation
import Fluent

/// A first-level division of a country (GeoNames admin1: a state, province or prefecture).
final class Region: Model, PlaceNamed, @unchecked Sendable {
    static let schema = "regions"

    @ID(key: .id) var id: UUID?
    @Field(key: "country_code") var countryCode: String
    /// The GeoNames admin1 code, unique within the country ("02" is New South Wales in Australia).
    @Field(key: "code") var code: String
    @Field(key: "name_en") var nameEnglish: String
    @OptionalField(key: "name_zh_hant") var nameTraditionalChinese: String?
    @OptionalField(key: "name_zh_hans") var nameSimplifiedChinese: String?
    @OptionalField(key: "name_ja") var nameJapanese: String?
    @OptionalField(key: "name_ko") var nameKorean: String?

    init() {}
}
