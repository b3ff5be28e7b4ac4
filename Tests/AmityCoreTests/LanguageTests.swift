@testable import AmityCore
import Testing

@Suite struct LanguageTests {
    @Test(arguments: [
        ("zh-TW,zh;q=0.9,en;q=0.8", Language.traditionalChinese), ("zh-HK", .traditionalChinese), ("zh-Hant-TW", .traditionalChinese),
        ("zh-CN,zh;q=0.9", .simplifiedChinese), ("zh", .simplifiedChinese), ("zh-Hans-SG", .simplifiedChinese),
        ("en-US,en;q=0.9", .english), ("fr-FR, en;q=0.5, zh-TW;q=0.7", .traditionalChinese), ("ja, en;q=0.1", .japanese), ("de, en;q=0.1", .english),
        ("ja-JP", .japanese), ("ko-KR,ko;q=0.9,en-US;q=0.8", .korean), ("en;q=0.4, ko;q=0.6", .korean),
    ])
    func negotiates(_ header: String, _ expected: Language) {
        #expect(Language.negotiate(acceptLanguage: header) == expected)
    }

    @Test func nothingSupportedMeansNoChoice() {
        #expect(Language.negotiate(acceptLanguage: "fr, de;q=0.5") == nil)
        #expect(Language.negotiate(acceptLanguage: "zh-TW;q=0, fr") == nil)
        #expect(Language.negotiate(acceptLanguage: "") == nil)
    }

    @Test func catalogueFallsBackToEnglish() throws {
        let catalogue = try MessageCatalogue([.english: ["a": "A", "b": "B"], .traditionalChinese: ["a": "甲"]])
        #expect(catalogue.text("a", in: .traditionalChinese) == "甲")
        #expect(catalogue.text("b", in: .traditionalChinese) == "B")
        #expect(catalogue.text("zzz", in: .english) == "zzz")
        #expect(catalogue.missingKeys(in: .traditionalChinese) == ["b"])
        #expect(catalogue.missingKeys(in: .simplifiedChinese) == ["a", "b"])
        #expect(throws: DomainError.self) { try MessageCatalogue([.traditionalChinese: [:]]) }
    }
}
