import AmityCore
import Fluent

/// An ISO 3166-1 country, keyed by its alpha-2 code.
final class Country: Model, PlaceNamed, @unchecked Sendable {
    static let schema = "countries"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "iso3") var iso3: String
    @OptionalField(key: "geonames_id") var geonamesID: Int?
    @Field(key: "name_en") var nameEnglish: String
    @OptionalField(key: "name_zh_hant") var nameTraditionalChinese: String?
    @OptionalField(key: "name_zh_hans") var nameSimplifiedChinese: String?
    @OptionalField(key: "name_ja") var nameJapanese: String?
    @OptionalField(key: "name_ko") var nameKorean: String?

    init() {}
}

/// A place named in every page language, a column each (countries from CLDR, regions from ISO 3166-2).
protocol PlaceNamed {
    var nameEnglish: String { get }
    var nameTraditionalChinese: String? { get }
    var nameSimplifiedChinese: String? { get }
    var nameJapanese: String? { get }
    var nameKorean: String? { get }
}

extension PlaceNamed {
    /// The names in the page languages other than English, by language tag.
    var translatedNames: [String: String] { PlaceNames.tagged([nameTraditionalChinese, nameSimplifiedChinese, nameJapanese, nameKorean]) }

    /// The name a reader of `language` sees: theirs where known, else English.
    func name(in language: Language) -> String { PlaceNames.name(nameEnglish, translatedNames, in: language) }
}

/// Names of a place in the page languages, as countries and regions store them (a column each).
enum PlaceNames {
    /// The languages after English, in the order their columns are listed.
    static let columnOrder: [Language] = [.traditionalChinese, .simplifiedChinese, .japanese, .korean]

    /// The columns' names keyed by language tag, leaving out those not known.
    static func tagged(_ columns: [String?]) -> [String: String] {
        var names: [String: String] = [:]
        for (language, name) in zip(columnOrder, columns) { if let name { names[language.rawValue] = name } }
        return names
    }

    /// The name a reader of `language` sees, from an English name and the others by tag.
    static func name(_ english: String, _ names: [String: String], in language: Language) -> String {
        names[language.rawValue] ?? english
    }
}
