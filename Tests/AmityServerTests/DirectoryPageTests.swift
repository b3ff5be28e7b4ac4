@testable import AmityServer
import AmityCore
import Foundation
import Testing
import VaporTesting

@Suite struct DirectoryPageTests {
    static let pages = ["/", "/?q=tai", "/?q=%E8%87%BA%E4%B8%AD", "/cities/1668399", "/cities/2145110", "/networks", "/networks/citynet", "/partnerships/5",
                        "/aid", "/ledger", "/rules", "/pledges/1"]

    @Test func everyPageRendersUnder100KBWithItsStylesheet() async throws {
        let css = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "Public/amity.css")).count
        try await withAmity { app async throws in
            for path in Self.pages {
                try await app.testing().test(.GET, path) { res async throws in
                    #expect(res.status == .ok, "\(path)")
                    #expect(res.headers.contentType?.description.hasPrefix("text/html") == true)
                    #expect(res.body.readableBytes + css < 100_000, "\(path) weighs \(res.body.readableBytes + css) bytes")
                    #expect(res.body.string.contains(#"<meta name="viewport""#))
                    #expect(!res.body.string.contains("#("), "\(path) has an unrendered Leaf tag")
                }
            }
            try await app.testing().test(.GET, "/amity.css") { res async throws in #expect(res.status == .ok) }
            // The public folder's files, and only they, are looked for on disk (`StaticFiles`).
            for path in ["/live.js", "/amity%2Ecss"] {
                try await app.testing().test(.GET, path) { res async throws in
                    #expect(res.status == .ok, "\(path)")
                    #expect(res.body.readableBytes > 100, "\(path)")
                }
            }
            try await app.testing().test(.HEAD, "/amity.css") { res async throws in #expect(res.status == .ok) }
            try await app.testing().test(.GET, "/missing.css") { res async throws in #expect(res.status == .notFound) }
            try await app.testing().test(.POST, "/amity.css") { res async throws in #expect(res.status != .ok) }
        }
    }

    @Test func cityPageShowsNetworksPartnersAndHistory() async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/cities/2145110") { res async throws in
                let html = res.body.string
                #expect(html.contains("<h1>Wagga Wagga</h1>"))
                #expect(html.contains("Kunming"))
                #expect(html.contains("2020-04-14") && html.contains("2020-04-22"))
                #expect(html.contains("Severed") && html.contains("Restored"))
            }
            try await app.testing().test(.GET, "/networks/citynet") { res async throws in
                #expect(res.body.string.contains("Taoyuan"))
                #expect(res.body.string.contains("Verified secretariat</span> CityNet secretariat"))
            }
            try await app.testing().test(.GET, "/cities/1668399") { res async throws in
                #expect(res.body.string.contains("Verified officer</span> Taichung international affairs"))
            }
            try await app.testing().test(.GET, "/?q=%E3%82%BF%E3%82%A4%E3%83%81%E3%83%A5%E3%82%A6") { res async throws in
                #expect(res.body.string.contains("/cities/1668399"))
            }
        }
    }

    @Test func speaksTheReadersLanguage() async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/cities/1668399", headers: ["Accept-Language": "zh-TW,zh;q=0.9"]) { res async throws in
                let html = res.body.string
                #expect(html.contains(#"<html lang="zh-Hant">"#))
                #expect(html.contains("<h1>臺中市</h1>"))
                #expect(html.contains("夥伴城市"))
                #expect(html.contains("台灣"))
            }
            try await app.testing().test(.GET, "/cities/1668399?lang=zh-Hans") { res async throws in
                #expect(res.body.string.contains("<h1>台中市</h1>"))
                #expect(res.body.string.contains("伙伴城市"))
                let cookie = res.headers.setCookie?["amity_lang"]
                #expect(cookie?.string == "zh-Hans")
                #expect(res.headers.setCookie?["amity_csrf"] == nil, "a page shared between visitors mints no form token")
            }
            // Each language link keeps the rest of the address as it was sent.
            try await app.testing().test(.GET, "/library?q=%E5%8F%A3%E7%BD%A9&lang=ja&area=vulnerable-groups") { res async throws in
                #expect(res.body.string.contains(#"href="/library?q=%E5%8F%A3%E7%BD%A9&amp;area=vulnerable-groups&amp;lang=ko""#))
            }
            try await app.testing().test(.GET, "/sign-in") { res async throws in
                #expect(res.headers.setCookie?["amity_csrf"] != nil, "a form of the visitor's own still gets its token")
            }
            // The switcher's choice is remembered over the browser's header.
            try await app.testing().test(.GET, "/", headers: ["Cookie": "amity_lang=zh-Hans", "Accept-Language": "en"]) { res async throws in
                #expect(res.body.string.contains(#"<html lang="zh-Hans">"#))
            }
            try await app.testing().test(.GET, "/", headers: ["Accept-Language": "fr"]) { res async throws in
                #expect(res.body.string.contains(#"<html lang="en">"#))
            }
        }
    }

    @Test func speaksJapaneseAndKoreanWithPlacesInTheirScripts() async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/cities/1668399", headers: ["Accept-Language": "ja-JP,ja;q=0.9,en;q=0.5"]) { res async throws in
                let html = res.body.string
                #expect(html.contains(#"<html lang="ja">"#))
                #expect(html.contains("<h1>台中市</h1>"))
                #expect(html.contains("パートナー"))
                #expect(html.contains("台湾"))
            }
            try await app.testing().test(.GET, "/cities/1668399", headers: ["Accept-Language": "ko-KR"]) { res async throws in
                let html = res.body.string
                #expect(html.contains(#"<html lang="ko">"#))
                #expect(html.contains("<h1>타이중 시</h1>"))
                #expect(html.contains("대만"))
            }
            // Wagga Wagga is in New South Wales, not in "02", in every language the source names it.
            try await app.testing().test(.GET, "/cities/2145110") { res async throws in
                #expect(res.body.string.contains("Australia · New South Wales"))
                #expect(!res.body.string.contains("· 02"))
            }
            try await app.testing().test(.GET, "/cities/2145110?lang=ja") { res async throws in
                #expect(res.body.string.contains("オーストラリア · ニューサウスウェールズ"))
            }
            try await app.testing().test(.GET, "/cities/2145110?lang=zh-Hant") { res async throws in
                #expect(res.body.string.contains("澳洲 · 新南威爾士"))
            }
            try await app.testing().test(.GET, "/api/v1/cities/2145110") { res async throws in
                let detail = try res.content.decode(CityDetailDTO.self)
                #expect(detail.region?.code == "02" && detail.region?.name == "New South Wales")
                #expect(detail.region?.names["zh-Hans"] == "新南威尔士")
            }
            try await app.testing().test(.GET, "/api/v1/countries/KR") { res async throws in
                let country = try res.content.decode(CountryDTO.self)
                #expect(country.names["ko"] == "대한민국" && country.names["ja"] == "韓国")
            }
        }
    }

    @Test func aFieldErrorIsSaidInTheReadersLanguage() async throws {
        try await withAmity { app async throws in
            var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "amity_csrf=test-csrf-token; amity_lang=ja"]
            headers.add(name: .accept, value: "text/html")
            let body = "csrf=test-csrf-token&email=not-an-address&displayName=&password=short"
            try await app.testing().test(.POST, "/sign-up", headers: headers, body: ByteBuffer(string: body)) { res async throws in
                #expect(res.status == .badRequest)
                let html = res.body.string
                #expect(html.contains("パスワードは12文字以上にしてください。"), "beside the password")
                #expect(html.contains("入力してください。"), "beside the name")
                #expect(!html.contains("Choose a password"))
            }
            // Numbers at the edges, on a page and on the API, in the reader's language.
            let taichung = try await app.credentials(Demo.taichung)
            for quantity in ["0", "-1", "9223372036854775807", "1234567890123456789012345678901234567890"] {
                let before = try await NeedRecord.query(on: app.db).count()
                try await app.form("/aid/needs?lang=ja", as: taichung, fields: ["cityId": "1668399", "item": "gown", "quantity": quantity, "urgency": "3"]) { res async throws in
                    #expect(res.status == .badRequest, "\(quantity)")
                    #expect(res.body.string.contains("数量は1から1,000,000,000,000までで入力してください。") || res.body.string.contains("整数を入力してください。"), "\(quantity)")
                }
                #expect(try await NeedRecord.query(on: app.db).count() == before)
            }
            try await app.form("/aid/needs?lang=ja", as: taichung, fields: ["cityId": "1668399", "item": "gown", "quantity": "5", "urgency": "0"]) { res async throws in
                #expect(res.status == .badRequest && res.body.string.contains(#"id="need-urgency-error">緊急度は1（待てる）から5（命に関わる）までです。"#))
            }
            try await app.api(.POST, "/api/v1/needs", as: taichung, json: #"{"cityId":1668399,"item":"gown","quantity":5,"urgency":"high"}"#,
                              headers: ["Accept-Language": "ko"]) { res async throws in
                let problem = try res.json(ProblemBody.self)
                #expect(res.status == .badRequest && problem.errors?.first?.field == "urgency" && problem.errors?.first?.message == "정수를 입력해 주세요.", "\(res.body.string)")
            }
            // Foundation reads a number too large for any Swift type as JSON it cannot read at all.
            try await app.api(.POST, "/api/v1/needs", as: taichung, json: #"{"cityId":1668399,"item":"gown","quantity":5,"urgency":99999999999999999999}"#) { res async throws in
                #expect(res.status == .badRequest)
            }
            // The API says it in the language asked for, and keeps the key and values for programs.
            try await app.api(.GET, "/api/v1/pledges?status=lost", headers: ["Accept-Language": "ko"]) { res async throws in
                let problem = try res.json(ProblemBody.self)
                #expect(problem.errors?.first?.message == "'lost'은(는) 선택지에 없습니다: tentative, confirmed, shipped, delivered, closed, cancelled.")
                #expect(problem.errors?.first?.key == "error_choice" && problem.errors?.first?.values?["text"] == "lost")
            }
            try await app.api(.GET, "/api/v1/pledges?status=lost") { res async throws in
                #expect(try res.json(ProblemBody.self).errors?.first?.message == "'lost' is not one of the choices: tentative, confirmed, shipped, delivered, closed, cancelled.")
            }
        }
    }

    @Test func pagesWithFeedsAnnounceThemInTheirHead() async throws {
        try await withAmity { app async throws in
            let pages: [(String, [String])] = [
                ("/", [#"type="application/atom+xml" href="/feeds/live.atom""#, #"type="text/calendar" href="/calendars/all.ics""#]),
                ("/cities/1668399", [#"href="/feeds/cities/1668399.atom""#, #"href="/calendars/cities/1668399.ics""#]),
                ("/networks/citynet", [#"href="/feeds/networks/citynet.atom""#, #"href="/calendars/networks/citynet.ics""#]),
                ("/live?topic=network:uclg", [#"href="/feeds/networks/uclg.atom""#]),
            ]
            for (path, links) in pages {
                let head = try await app.page(path).body.string.components(separatedBy: "</head>")[0]
                for link in links { #expect(head.contains(#"<link rel="alternate" "#) && head.contains(link), "\(path) lacks \(link)") }
            }
            // Each announced address answers with its media type.
            for (path, type) in [("/feeds/cities/1668399.atom", "application/atom+xml"), ("/calendars/cities/1668399.ics", "text/calendar")] {
                #expect(try await app.page(path).headers.contentType?.description.hasPrefix(type) == true, "\(path)")
            }
        }
    }

    @Test func errorsArePagesForPeople() async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/cities/42", headers: ["Accept": "text/html"]) { res async throws in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType?.description.hasPrefix("text/html") == true)
                #expect(res.body.string.contains("Page not found"))
            }
            try await app.testing().test(.GET, "/?q=tai&cursor=broken", headers: ["Accept": "text/html", "Accept-Language": "zh-TW"]) { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("無法理解此請求"))
            }
        }
    }

    @Test func everyWordComesFromTheCatalogue() throws {
        let root = packageRoot + "Resources/"
        let english = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: root + "Localization/en.json")))
        for language in Language.allCases where language != .english {
            let other = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: root + "Localization/\(language.rawValue).json")))
            #expect(Set(english.keys) == Set(other.keys), "\(language) differs: \(Set(english.keys).symmetricDifference(other.keys))")
            // A translation keeps every placeholder its English message fills.
            let placeholder = try Regex(#"\{[a-z]+\}"#)
            for (key, text) in english {
                let translated = other[key] ?? ""
                let wanted = Set(text.matches(of: placeholder).map { String(text[$0.range]) })
                let found = Set(translated.matches(of: placeholder).map { String(translated[$0.range]) })
                #expect(wanted == found, "\(language.rawValue) \(key) fills \(found), English \(wanted)")
            }
        }
        let views = FileManager.default.enumerator(atPath: root + "Views")!.compactMap { $0 as? String }.filter { $0.hasSuffix(".leaf") }
        #expect(!views.isEmpty)
        let pattern = try Regex(#"chrome\.t\.([a-z0-9_\-]+)"#)
        for view in views {
            let text = try String(contentsOfFile: root + "Views/" + view, encoding: .utf8)
            for match in text.matches(of: pattern) {
                let key = String(text[match.range].dropFirst("chrome.t.".count))
                #expect(english[key] != nil, "\(view) uses \(key), which en.json lacks")
            }
        }
    }
}
