@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct KnowledgeTests {
    static let draft = #"{"cityId":1668399,"title":"Hotline for elders living alone","summary":"A telephone line checks on elders every day.","body":"Volunteers **call** each elder.\n\n<script>alert(1)</script> [bad](javascript:alert(1)) [good](https://example.org)","area":"vulnerable-groups","tags":["hotline","elders"],"sdgTargets":["3.d"],"language":"en"}"#

    static func create(_ app: Application, as who: Credentials, json: String = draft) async throws -> PracticeDTO {
        try await app.api(.POST, "/api/v1/practices", as: who, json: json) { res async throws in #expect(res.status == .created, "\(res.body.string)") }
            .json(PracticeDTO.self)
    }

    static func search(_ app: Application, _ query: String) async throws -> SearchResultsDTO {
        try await app.api(.GET, "/api/v1/search?" + query) { res async throws in #expect(res.status == .ok, "\(res.body.string)") }.json(SearchResultsDTO.self)
    }

    @Test func aPracticeGoesFromDraftToTheLibrary() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung), citynet = try await app.credentials(Demo.citynet)
            let newTaipei = try await app.credentials(Demo.newTaipei)
            let practice = try await Self.create(app, as: taichung)
            #expect(practice.status == .draft)
            // The body is rendered without the script and without the javascript: link.
            #expect(practice.bodyHtml.contains("<strong>call</strong>") && !practice.bodyHtml.contains("<script") && !practice.bodyHtml.contains("javascript:"))
            #expect(practice.bodyHtml.contains(#"href="https://example.org""#))
            // A draft is its city's alone.
            try await app.api(.GET, "/api/v1/practices/\(practice.id)", as: newTaipei) { res async throws in #expect(res.status == .notFound) }
            try await app.api(.GET, "/api/v1/practices/\(practice.id)") { res async throws in #expect(res.status == .notFound) }
            // Steps out of turn or by the wrong person change nothing.
            try await app.api(.POST, "/api/v1/practices/\(practice.id)/publish", as: citynet) { res async throws in #expect(res.status == .conflict) }
            try await app.api(.POST, "/api/v1/practices/\(practice.id)/submit", as: taichung) { res async throws in #expect(try res.json(PracticeDTO.self).status == .submitted) }
            try await app.api(.POST, "/api/v1/practices/\(practice.id)/publish", as: taichung) { res async throws in #expect(res.status == .forbidden) }
            try await app.api(.POST, "/api/v1/practices/\(practice.id)/return", as: citynet) { res async throws in #expect(res.status == .badRequest) }
            try await app.api(.GET, "/api/v1/practices/moderation", as: citynet) { res async throws in
                #expect(try res.json(CursorPage<PracticeDTO>.self).items.map(\.id) == [practice.id])
            }
            try await app.api(.POST, "/api/v1/practices/\(practice.id)/return", as: citynet, json: #"{"reason":"Say who the volunteers are."}"#) { res async throws in
                let returned = try res.json(PracticeDTO.self)
                #expect(returned.status == .returned && returned.reason == "Say who the volunteers are.")
            }
            let edited = Self.draft.replacingOccurrences(of: "Volunteers", with: "Red Cross volunteers").replacingOccurrences(of: #""language":"en""#, with: #""language":"en","submit":true"#)
            try await app.api(.PUT, "/api/v1/practices/\(practice.id)", as: taichung, json: edited) { res async throws in
                #expect(try res.json(PracticeDTO.self).status == .submitted)
            }
            #expect(try await Self.search(app, "q=volunteers").total == 0, "not searchable before it is published")
            try await app.api(.POST, "/api/v1/practices/\(practice.id)/publish", as: citynet) { res async throws in
                let published = try res.json(PracticeDTO.self)
                #expect(published.status == .published && published.publishedAt != nil && published.reason == nil)
            }
            try await app.api(.PUT, "/api/v1/practices/\(practice.id)", as: taichung, json: Self.draft) { res async throws in #expect(res.status == .conflict) }
            let found = try await Self.search(app, "q=red%20cross%20volunteer")
            #expect(found.items.first?.id == practice.id && found.items.first?.kind == "practice")
            // Publication is a live entry under the city, its networks and the area.
            try await app.api(.GET, "/api/v1/live/entries?topic=area:vulnerable-groups") { res async throws in
                #expect(try res.json(CursorPage<LiveEntryDTO>.self).items.first?.link == "/practices/\(practice.id)")
            }
            try await app.api(.GET, "/api/v1/live/entries?topic=network:citynet") { res async throws in
                #expect(try res.json(CursorPage<LiveEntryDTO>.self).items.first?.title == "Hotline for elders living alone")
            }
            let page = try await app.page("/practices/\(practice.id)")
            #expect(page.status == .ok && page.body.string.contains("Red Cross volunteers") && !page.body.string.contains("<script>alert"))
        }
    }

    @Test func onlyTheSecretariatOfTheCitysNetworksModerates() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin), citynet = try await app.credentials(Demo.citynet)
            // Los Angeles is not in CityNet: CityNet's secretariat may not publish its practice.
            let la = Self.draft.replacingOccurrences(of: "1668399", with: "5368361").replacingOccurrences(of: #""language":"en""#, with: #""language":"en","submit":true"#)
            let practice = try await Self.create(app, as: admin, json: la)
            try await app.api(.POST, "/api/v1/practices/\(practice.id)/publish", as: citynet) { res async throws in #expect(res.status == .forbidden) }
            try await app.api(.GET, "/api/v1/practices/moderation", as: citynet) { res async throws in #expect(try res.json(CursorPage<PracticeDTO>.self).items.isEmpty) }
            try await app.api(.POST, "/api/v1/practices/\(practice.id)/publish", as: admin) { res async throws in #expect(try res.json(PracticeDTO.self).status == .published) }
        }
    }

    @Test func badPracticesAreRefusedFieldByField() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung)
            let before = try await PracticeRecord.query(on: app.db).count()
            let bad = #"{"cityId":1668399,"title":"","summary":"s","body":"b","area":"masks","tags":[],"sdgTargets":["18.1"],"language":"klingon","sourceUrl":"ftp://x","startedOn":"2020-05-01T00:00:00Z","validUntil":"2020-04-01T00:00:00Z"}"#
            try await app.api(.POST, "/api/v1/practices", as: taichung, json: bad) { res async throws in
                #expect(res.status == .badRequest)
                let fields = Set(try res.json(ProblemBody.self).errors?.map(\.field) ?? [])
                #expect(fields == ["title", "area", "sdgTargets", "language", "sourceUrl", "validUntil"])
            }
            #expect(try await PracticeRecord.query(on: app.db).count() == before)
        }
    }

    @Test func anOutdatedPracticeIsConfirmedOrRetired() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung), citynet = try await app.credentials(Demo.citynet)
            let json = Self.draft.replacingOccurrences(of: #""language":"en""#, with: #""language":"en","submit":true,"validUntil":"2027-06-01T00:00:00Z""#)
            let practice = try await Self.create(app, as: taichung, json: json)
            _ = try await app.api(.POST, "/api/v1/practices/\(practice.id)/publish", as: citynet)
            #expect(try await app.api(.GET, "/api/v1/practices/\(practice.id)").json(PracticeDTO.self).freshness == "current")
            app.clock = WallClock { Date(timeIntervalSince1970: 1_814_400_000) } // July 2027, past valid-until; tokens still valid
            #expect(try await app.api(.GET, "/api/v1/practices/\(practice.id)").json(PracticeDTO.self).freshness == "possibly-outdated")
            #expect(try await app.page("/practices/\(practice.id)").body.string.contains("may be outdated"))
            try await app.api(.POST, "/api/v1/practices/\(practice.id)/confirm", as: taichung) { res async throws in
                let confirmed = try res.json(PracticeDTO.self)
                #expect(confirmed.freshness == "current" && confirmed.confirmedAt != nil && (confirmed.validUntil ?? .distantPast) > app.clock.now())
            }
            try await app.api(.POST, "/api/v1/practices/\(practice.id)/retire", as: taichung) { res async throws in #expect(res.status == .badRequest) }
            try await app.api(.POST, "/api/v1/practices/\(practice.id)/retire", as: taichung, json: #"{"reason":"The line closed in 2021."}"#) { res async throws in
                #expect(try res.json(PracticeDTO.self).status == .retired)
            }
            #expect(try await Self.search(app, "q=hotline").items.allSatisfy { $0.id != practice.id })
        }
    }

    @Test func readersSeeATranslationInTheirLanguageAndAreToldWhichItIs() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung), newTaipei = try await app.credentials(Demo.newTaipei)
            let id = try await PracticeRecord.query(on: app.db).filter(\.$title ~~ "mask distribution").first()!.requireID()
            let translation = #"{"language":"ja","title":"台湾のマスク配布制度","summary":"マスクは中央政府が配布した。","body":"健康保険証で購入。","origin":"machine"}"#
            try await app.api(.POST, "/api/v1/practices/\(id)/translations", as: newTaipei, json: translation) { res async throws in #expect(res.status == .forbidden) }
            // Taipei's practice: Taichung is not its city (refused before the body is checked), but a
            // machine translation by its own officer needs Taipei; the admin adds it.
            let intoItsOwnLanguage = translation.replacingOccurrences(of: "\"ja\"", with: "\"en\"")
            try await app.api(.POST, "/api/v1/practices/\(id)/translations", as: taichung, json: intoItsOwnLanguage) { res async throws in #expect(res.status == .forbidden) }
            let admin = try await app.credentials(Demo.admin)
            try await app.api(.POST, "/api/v1/practices/\(id)/translations", as: admin, json: intoItsOwnLanguage) { res async throws in #expect(res.status == .badRequest) }
            try await app.api(.POST, "/api/v1/practices/\(id)/translations", as: admin, json: translation) { res async throws in
                let practice = try res.json(PracticeDTO.self)
                #expect(practice.translations.map(\.language) == ["ja", "zh"])
                #expect(practice.translations.first { $0.language == "ja" }?.origin == "machine")
            }
            // The demo's Chinese translation was reviewed; a reader in Chinese sees it and is told.
            let zh = try await app.page("/practices/\(id)?lang=zh-Hant").body.string
            #expect(zh.contains("臺灣的口罩配售制度") && zh.contains("翻譯審閱者") && zh.contains("Taichung international affairs"))
            let ja = try await app.page("/practices/\(id)?version=ja").body.string
            #expect(ja.contains("台湾のマスク配布制度") && ja.contains("Machine translation"))
            #expect(try await app.page("/practices/\(id)").body.string.contains("mask distribution program (the central government&#39;s, filed under Taipei)"))
            // Translations are searched too.
            #expect(try await Self.search(app, "q=" + encoded("マスク配布")).items.first?.id == id)
        }
    }

    @Test func searchFindsChineseJapaneseAndKoreanAndCountsEveryFilter() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin)
            let korean = #"{"cityId":1835848,"title":"시민에게 마스크를 나눠주는 방법","summary":"서울시는 약국에서 마스크를 배부했다.","body":"공적 마스크 판매.","area":"vulnerable-groups","language":"ko","submit":true}"#
            let practice = try await Self.create(app, as: admin, json: korean)
            _ = try await app.api(.POST, "/api/v1/practices/\(practice.id)/publish", as: admin)
            let masks = try await Self.search(app, "q=" + encoded("口罩"))
            #expect(masks.items.map(\.title) == ["Taiwan's mask distribution program (the central government's, filed under Taipei)"])
            let korea = try await Self.search(app, "q=" + encoded("마스크"))
            #expect(korea.items.map(\.id) == [practice.id] && korea.items[0].language == "ko")
            // A one-character query finds the character inside words.
            #expect(try await Self.search(app, "q=" + encoded("罩")).total == 1)
            // Words match as prefixes, across accents and case.
            #expect(try await Self.search(app, "q=BRIEF").total >= 6)
            // Filters narrow; counts describe every match, not one page.
            let briefings = try await Self.search(app, "q=briefing&limit=2")
            #expect(briefings.items.count == 2 && briefings.nextCursor != nil)
            #expect(briefings.facets.country.first { $0.value == "CN" }?.count == 3)
            let chinese = try await Self.search(app, "q=briefing&country=CN")
            #expect(chinese.total == 3 && chinese.items.allSatisfy { $0.city?.country == "CN" })
            let citynet = try await Self.search(app, "network=citynet&kind=practice").items
            #expect(!citynet.isEmpty && citynet.allSatisfy { [1668341, 6696918, 1668399, 1835848, 1848354].contains($0.city?.id ?? 0) })
            #expect(try await Self.search(app, "area=vulnerable-groups&language=ko").total == 1)
            #expect(try await Self.search(app, "from=2020-05-01&until=2020-05-31").items.map(\.title) == ["Taiwan's mask distribution program (the central government's, filed under Taipei)"])
            #expect(try await Self.search(app, "size=large&q=whatsapp").total == 2)
            let questions = try await Self.search(app, "kind=question").items
            #expect(!questions.isEmpty && questions.allSatisfy { $0.kind == "question" })
            // Bad filters are named, all at once.
            try await app.api(.GET, "/api/v1/search?area=masks&size=huge&from=May") { res async throws in
                #expect(res.status == .badRequest)
                #expect(Set(try res.json(ProblemBody.self).errors?.map(\.field) ?? []) == ["area", "size", "from"])
            }
            let page = try await app.page("/library?q=" + encoded("口罩"))
            #expect(page.status == .ok && page.body.string.contains("Taiwan&#39;s mask distribution program") || page.body.string.contains("Taiwan's mask distribution program"))
        }
    }

    @Test func rebuildingTheIndexFindsTheSameAsWritingIt() async throws {
        try await withAmity { app async throws in
            let queries = ["q=" + encoded("口罩"), "q=briefing&country=CN", "q=quarantine", "area=vulnerable-groups", "kind=question"]
            var before: [[Int]] = []
            for query in queries { before.append(try await Self.search(app, query).items.map(\.id)) }
            let total = try await Self.search(app, "").total
            let count = try await SearchIndex(db: app.db).rebuild(batchSize: 4)
            #expect(count == total && count == 12)
            for (query, ids) in zip(queries, before) {
                #expect(try await Self.search(app, query).items.map(\.id) == ids, "\(query)")
            }
        }
    }

    @Test func titleMatchesRankFirstAndPagesFollowOneOrder() async throws {
        try await withAmity { app async throws in
            let index = app.libraryCache
            // "briefing" is in five titles, and in the summaries of others.
            var seen: [String] = [], offset = 0, titles: [Bool] = []
            let all = try await index.search(SearchQuery(text: "briefing", limit: 100), on: app.db)
            while true {
                let page = try await index.search(SearchQuery(text: "briefing", offset: offset, limit: 2), on: app.db)
                #expect(page.total == all.total)
                seen += page.hits.map { "\($0.kind)\($0.ref_id)" }
                titles += page.hits.map { $0.title.lowercased().contains("briefing") }
                guard page.more else { break }
                offset += 2
            }
            #expect(seen.count == all.total && Set(seen).count == seen.count, "every match once: \(seen)")
            #expect(titles == titles.sorted { $0 && !$1 }, "title matches first: \(titles)")
            #expect(titles.filter { $0 }.count == 5)
        }
    }

    @Test func callsCollectPracticesFromMemberCitiesUntilClosed() async throws {
        try await withAmity { app async throws in
            let citynet = try await app.credentials(Demo.citynet), taichung = try await app.credentials(Demo.taichung)
            let admin = try await app.credentials(Demo.admin)
            try await app.api(.POST, "/api/v1/calls", as: citynet, json: #"{"networkId":"citynet","title":"","description":"x","areas":["masks"],"deadline":"2001-01-01T00:00:00Z"}"#) { res async throws in
                #expect(Set(try res.json(ProblemBody.self).errors?.map(\.field) ?? []) == ["title", "areas[0]", "deadline"])
            }
            let call = try await app.api(.POST, "/api/v1/calls", as: citynet,
                                         json: #"{"networkId":"citynet","title":"Hotlines","description":"Tell us about hotlines.","areas":["vulnerable-groups"],"deadline":"2099-01-01T00:00:00Z"}"#).json(CallDTO.self)
            let submission = Self.draft.replacingOccurrences(of: #""language":"en""#, with: #""language":"en","submit":true,"callId":\#(call.id)"#)
            let practice = try await Self.create(app, as: taichung, json: submission)
            // New Taipei is not a CityNet member: the admin acting for it cannot answer CityNet's call.
            try await app.api(.POST, "/api/v1/practices", as: admin, json: submission.replacingOccurrences(of: "1668399", with: "12908892")) { res async throws in
                #expect(try res.json(ProblemBody.self).errors?.map(\.field) == ["callId"])
            }
            // The public sees published submissions only; the secretariat sees all.
            #expect(try await app.api(.GET, "/api/v1/calls/\(call.id)").json(CallDTO.self).submissions.isEmpty)
            try await app.api(.POST, "/api/v1/calls/\(call.id)/submissions/\(practice.id)/select", as: citynet) { res async throws in
                #expect(try res.json(CallDTO.self).submissions.map(\.selected) == [true])
            }
            _ = try await app.api(.POST, "/api/v1/practices/\(practice.id)/publish", as: citynet)
            #expect(try await app.api(.GET, "/api/v1/calls/\(call.id)").json(CallDTO.self).submissions.map(\.practiceId) == [practice.id])
            #expect(try await app.page("/calls/\(call.id)").body.string.contains("Hotline for elders living alone"))
            try await app.api(.POST, "/api/v1/calls/\(call.id)/close", as: citynet) { res async throws in #expect(try res.json(CallDTO.self).status == .closed) }
            try await app.api(.POST, "/api/v1/calls/\(call.id)/close", as: citynet) { res async throws in #expect(res.status == .conflict) }
            try await app.api(.POST, "/api/v1/practices", as: taichung, json: submission) { res async throws in
                #expect(try res.json(ProblemBody.self).errors?.map(\.field) == ["callId"])
            }
        }
    }

    @Test func questionsAreAnsweredMarkedAndSearchable() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung), newTaipei = try await app.credentials(Demo.newTaipei)
            let admin = try await app.credentials(Demo.admin)
            // Cincinnati is not in CityNet: it may not ask CityNet.
            let cincinnati = try await app.credentials(Demo.cincinnati)
            try await app.api(.POST, "/api/v1/questions", as: cincinnati, json: #"{"cityId":4508722,"networkId":"citynet","title":"Masks?","body":"","language":"en"}"#) { res async throws in
                #expect(try res.json(ProblemBody.self).errors?.map(\.field) == ["networkId"])
            }
            let question = try await app.api(.POST, "/api/v1/questions", as: taichung,
                                             json: #"{"cityId":1668399,"title":"How do you deliver meals to people in quarantine?","body":"","language":"en"}"#).json(QuestionDTO.self)
            #expect(question.network == nil && question.askedBy == "Taichung international affairs")
            try await app.api(.POST, "/api/v1/questions/\(question.id)/answers", as: newTaipei, json: #"{"cityId":1668399,"body":"Not my city."}"#) { res async throws in
                #expect(res.status == .forbidden)
            }
            let answered = try await app.api(.POST, "/api/v1/questions/\(question.id)/answers", as: newTaipei,
                                             json: #"{"cityId":12908892,"body":"Borough offices deliver **bento** boxes twice a day."}"#).json(QuestionDTO.self)
            let answer = answered.answers[0]
            #expect(answer.bodyHtml.contains("<strong>bento</strong>") && answer.city.id == 12_908_892)
            try await app.api(.POST, "/api/v1/questions/\(question.id)/answers/\(answer.id)/helpful", as: newTaipei) { res async throws in #expect(res.status == .forbidden) }
            try await app.api(.POST, "/api/v1/questions/\(question.id)/answers/\(answer.id)/helpful", as: taichung) { res async throws in
                #expect(try res.json(QuestionDTO.self).helpfulAnswerId == answer.id)
            }
            _ = admin
            // Found by the words of its answer.
            let found = try await Self.search(app, "q=bento")
            #expect(found.items.map(\.kind) == ["question"] && found.items.first?.id == question.id)
            try await app.api(.GET, "/api/v1/live/entries?topic=city:1668399") { res async throws in
                let kinds = try res.json(CursorPage<LiveEntryDTO>.self).items.prefix(2).map(\.kind)
                #expect(kinds == ["answer", "question"])
            }
            let page = try await app.page("/questions/\(question.id)", as: taichung).body.string
            #expect(page.contains("bento") && page.contains("Helped"))
        }
    }

    @Test func pagesFormsKeepWhatWasTypedBesideTheirErrors() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung)
            try await app.form("/practices", as: taichung, fields: ["cityId": "1668399", "title": "Meals", "summary": "", "body": "x", "area": "vulnerable-groups", "language": "en"]) { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains(#"id="summary-error">Fill this in."#) && res.body.string.contains(#"value="Meals""#))
            }
            try await app.form("/practices", as: taichung, fields: ["cityId": "1668399", "title": "Meals", "summary": "Hot meals.", "body": "x", "area": "vulnerable-groups",
                                                                     "language": "en", "tags": "meals, quarantine", "submit": "on"]) { res async throws in
                #expect(res.status == .seeOther)
            }
            let row = try await PracticeRecord.query(on: app.db).filter(\.$title == "Meals").first()
            #expect(row?.status == .submitted && row?.tagList == ["meals", "quarantine"])
            for path in ["/library", "/library?q=mask&area=vulnerable-groups&size=large", "/calls", "/calls/1", "/questions", "/live", "/live?topic=city:1668341"] {
                #expect(try await app.page(path).status == .ok, "\(path)")
            }
            for path in ["/practices/new", "/moderation", "/feed"] {
                #expect(try await app.page(path, as: taichung).status == .ok, "\(path)")
            }
        }
    }
}
