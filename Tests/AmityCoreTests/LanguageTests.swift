@testable import AmityCore
import Foundation
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

    @Test func placeholdersAreFilledOnceEach() throws {
        let catalogue = try MessageCatalogue([.english: ["t": "{city} answered “{title}” {missing} {"], .japanese: ["t": "{city}が「{title}」に回答"]])
        #expect(catalogue.text("t", in: .english, ["city": "Taichung", "title": "Who pays for {city}?"])
                == "Taichung answered “Who pays for {city}?” {missing} {")
        #expect(catalogue.text("t", in: .japanese, ["city": "台中市", "title": "誰が"]) == "台中市が「誰が」に回答")
        #expect(catalogue.word("pledge_status", "shipped", in: .japanese) == "shipped", "a value without a word shows as itself")
    }

    @Test func aFactIsWordedForEachReader() throws {
        let catalogue = try MessageCatalogue([
            .english: ["live_need": "{city} needs {quantity} × {item}", "item_gown": "Protective gown"],
            .korean: ["live_need": "{city}에 {item} {quantity}개 필요"],
        ])
        let fact = Fact("live_need", ["city": .city(1_668_399), "quantity": .number(500), "item": .item("gown")])
        #expect(fact.cityIDs == [1_668_399])
        let word: (Fact.Value) -> String = { value in
            switch value {
            case .city: "타이중"
            case .number(let n): String(n)
            case .item(let code): catalogue.word("item", code, in: .korean)
            default: "?"
            }
        }
        #expect(fact.text(in: .korean, catalogue: catalogue, word: word) == "타이중에 Protective gown 500개 필요")
        let decoded = try JSONDecoder().decode(Fact.self, from: try JSONEncoder().encode(fact))
        #expect(decoded == fact)
    }
}
