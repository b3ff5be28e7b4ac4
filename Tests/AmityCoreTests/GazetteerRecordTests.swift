@testable import AmityCore
import Testing

@Suite struct GazetteerRecordTests {
    @Test func readsEachKind() throws {
        let country = try GazetteerRecord.parse("country\tTW\tTWN\t1668284\tTaiwan\t台灣\t台湾", lineNumber: 2)
        guard case .country(let c) = country else { Issue.record("not a country"); return }
        #expect(c.code.rawValue == "TW" && c.names[.traditionalChinese] == "台灣" && c.names[.korean] == nil)

        let korea = try GazetteerRecord.parse("country\tKR\tKOR\t1835841\tSouth Korea\t南韓\t韩国\t韓国\t대한민국", lineNumber: 3)
        guard case .country(let k) = korea else { Issue.record("not a country"); return }
        #expect(k.names[.japanese] == "韓国" && k.names[.korean] == "대한민국")

        let region = try GazetteerRecord.parse("region\tAU\t02\tNew South Wales\t新南威爾士\t新南威尔士\tニューサウスウェールズ\t", lineNumber: 4)
        #expect(region == .region(.init(country: try CountryCode("AU", field: "test"), code: "02", names: [
            .english: "New South Wales", .traditionalChinese: "新南威爾士", .simplifiedChinese: "新南威尔士", .japanese: "ニューサウスウェールズ",
        ])))

        let city = try GazetteerRecord.parse("city\t900000001\t\tSuao\tTW\t04\t24.59550\t121.85140\t40493\tAsia/Taipei", lineNumber: 3)
        guard case .city(let s) = city else { Issue.record("not a city"); return }
        #expect(s.geonamesID == nil && s.population == 40_493 && s.coordinate.latitude == 24.5955)

        let name = try GazetteerRecord.parse("name\t1668399\tja\tタイチュウ\t0", lineNumber: 4)
        #expect(name == .name(.init(cityID: 1_668_399, language: "ja", name: "タイチュウ", preferred: false)))
        #expect(try GazetteerRecord.parse("# comment", lineNumber: 1) == nil)
        #expect(try GazetteerRecord.parse("", lineNumber: 9) == nil)
    }

    @Test(arguments: [
        "city\tx\t\tSuao\tTW\t04\t24.6\t121.8\t1\tAsia/Taipei",
        "city\t1\t\tSuao\tTW\t04\t95\t121.8\t1\tAsia/Taipei",
        "city\t1\t\t\tTW\t04\t24\t121\t1\tAsia/Taipei",
        "city\t1\t\tSuao\tTWN\t04\t24\t121\t1\tAsia/Taipei",
        "city\t1\tSuao",
        "town\t1",
        "name\t1\tja\t\t0",
        "region\tAU\t02\tNew South Wales",
        "region\tAU\t\tNew South Wales\t\t\t\t",
        "country\tKR\tKOR\t1835841\tSouth Korea\t南韓\t韩国\t韓国",
    ])
    func errorsNameTheLine(_ line: String) {
        do {
            _ = try GazetteerRecord.parse(Substring(line), lineNumber: 42)
            Issue.record("accepted \(line)")
        } catch let DomainError.invalid(fields) {
            #expect(fields.first?.field == "line 42")
        } catch { Issue.record("unexpected \(error)") }
    }
}
