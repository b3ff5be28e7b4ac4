@testable import AmityServer
import AmityCore
import AsyncHTTPClient
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct LiveTests {
    @Test func feedsAreWellFormedAtomWithTheRequiredElements() async throws {
        try await withAmity { app async throws in
            for path in ["/feeds/live.atom", "/feeds/cities/1668341.atom", "/feeds/networks/citynet.atom", "/feeds/areas/vulnerable-groups.atom"] {
                let res = try await app.page(path)
                #expect(res.status == .ok && res.headers.contentType?.subType == "atom+xml", "\(path)")
                let atom = try AtomDocument(Data(res.body.readableBytesView))
                #expect(atom.root == "feed" && atom.namespace == "http://www.w3.org/2005/Atom", "\(path)")
                #expect(atom.feed["id"] != nil && atom.feed["title"] != nil && atom.feed["updated"] != nil, "\(path)")
                #expect(!atom.entries.isEmpty, "\(path)")
                for entry in atom.entries {
                    #expect(entry["id"]?.hasPrefix("tag:amity,2020:live/") == true && entry["title"] != nil && entry["updated"] != nil)
                    #expect(ISO8601DateFormatter().date(from: entry["updated"] ?? "") != nil)
                }
            }
            let taipei = try AtomDocument(Data(try await app.page("/feeds/cities/1668341.atom").body.readableBytesView))
            #expect(taipei.entries.contains { $0["title"] == "Taiwan's mask distribution program (the central government's, filed under Taipei)" })
            #expect(try await app.page("/feeds/cities/1.atom").status == .notFound)
            #expect(try await app.page("/feeds/areas/masks.atom").status == .notFound)
        }
    }

    @Test func everyStepOfAPledgeIsALiveEntryUnderBothCities() async throws {
        try await withAmity { app async throws in
            let (offer, need, taichung, cincinnati) = try await AidTests.offerAndNeed(app)
            let pledge = try await app.api(.POST, "/api/v1/pledges", as: taichung, json: #"{"offerId":\#(offer),"needId":\#(need),"quantity":1000}"#).json(PledgeDTO.self)
            _ = try await app.api(.POST, "/api/v1/pledges/\(pledge.id)/confirm", as: cincinnati)
            _ = try await app.api(.POST, "/api/v1/pledges/\(pledge.id)/ship", as: taichung, json: #"{"mode":"air","waybill":"CI-5102"}"#)
            for city in [Demo.taichungID, Demo.cincinnatiID] {
                let entries = try await app.api(.GET, "/api/v1/live/entries?topic=city:\(city)").json(CursorPage<LiveEntryDTO>.self).items
                #expect(entries.prefix(3).map(\.kind) == ["pledge", "pledge", "pledge"], "city \(city)")
                #expect(entries.first?.summary.contains("waybill CI-5102") == true && entries.first?.link == "/pledges/\(pledge.id)")
            }
            let board = try await app.api(.GET, "/api/v1/live/entries?topic=network:citynet&limit=5").json(CursorPage<LiveEntryDTO>.self).items
            #expect(board.contains { $0.kind == "offer" && $0.title.hasPrefix("Taichung offers 2,000") })
            try await app.api(.GET, "/api/v1/live/entries?topic=planet:earth") { res async throws in #expect(res.status == .badRequest) }
        }
    }

    @Test func whatAmitySaysIsWordedForEachReader() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung)
            _ = try await app.api(.POST, "/api/v1/needs", as: taichung, json: #"{"cityId":1668399,"item":"gown","quantity":1500,"urgency":4,"deliveryNote":"Port of Taichung"}"#)
            // Stored in English beside the fact, for whoever reads the table.
            let row = try #require(try await LiveEntryRecord.query(on: app.db).filter(\.$kind == "need").sort(\.$id, .descending).first())
            #expect(row.title == "Taichung needs 1,500 × Protective gown" && row.summary == "Urgency 4 of 5. Port of Taichung")
            #expect(row.titleFact != nil)
            let english = try await app.api(.GET, "/api/v1/live/entries?topic=city:1668399&limit=1").json(CursorPage<LiveEntryDTO>.self).items
            #expect(english.first?.title == "Taichung needs 1,500 × Protective gown")
            let chinese = try await app.api(.GET, "/api/v1/live/entries?topic=city:1668399&limit=1", headers: ["Accept-Language": "zh-TW"])
                .json(CursorPage<LiveEntryDTO>.self).items
            #expect(chinese.first?.title == "臺中市需要防護衣 1,500" && chinese.first?.summary == "緊急程度 4／5。Port of Taichung")
            try await app.testing().test(.GET, "/live?lang=ja") { res async throws in
                #expect(res.body.string.contains("台中市が防護ガウンを1,500必要としています"))
            }
            try await app.testing().test(.GET, "/live?lang=ko") { res async throws in
                #expect(res.body.string.contains("타이중 시에서 방호복 1,500이(가) 필요합니다"))
                #expect(res.body.string.contains("개 도시가 서명했습니다"), "the demo's statements too")
                #expect(res.body.string.contains(#/datetime="\d{4}-\d\d-\d\dT[\d:]+Z">\d{4}년 \d{1,2}월 \d{1,2}일 \d\d:\d\d UTC</time>/#),
                        "when, as a Korean reader writes it, beside the instant for machines")
            }
            try await app.testing().test(.GET, "/feeds/cities/1668399.atom", headers: ["Accept-Language": "zh-CN"]) { res async throws in
                #expect(res.body.string.contains("<title>台中市需要防护服 1,500</title>"))
            }
        }
    }

    @Test func aPersonFollowsTopicsAndReadsTheirOwnFeed() async throws {
        try await withAmity { app async throws in
            let reader = try await app.credentials(Demo.reader)
            #expect(try await app.api(.GET, "/api/v1/me/feed", as: reader).json(CursorPage<LiveEntryDTO>.self).items.isEmpty)
            try await app.api(.POST, "/api/v1/me/follows", as: reader, json: #"{"topic":"city:99999999"}"#) { res async throws in #expect(res.status == .badRequest) }
            try await app.api(.POST, "/api/v1/me/follows", as: reader, json: #"{"topic":"network:uclg"}"#) { res async throws in
                #expect(try res.json([String].self) == ["network:uclg"])
            }
            _ = try await app.api(.POST, "/api/v1/me/follows", as: reader, json: #"{"topic":"network:uclg"}"#)
            let feed = try await app.api(.GET, "/api/v1/me/feed", as: reader).json(CursorPage<LiveEntryDTO>.self).items
            #expect(!feed.isEmpty && feed.allSatisfy { $0.topics.contains("network:uclg") })
            try await app.api(.DELETE, "/api/v1/me/follows/network:uclg", as: reader) { res async throws in #expect(try res.json([String].self).isEmpty) }
            try await app.api(.GET, "/api/v1/me/feed") { res async throws in #expect(res.status == .unauthorized) }
            try await app.form("/follows", as: reader, fields: ["topic": "area:vulnerable-groups"]) { res async throws in #expect(res.status == .seeOther) }
            let page = try await app.page("/feed", as: reader).body.string
            #expect(page.contains("Taiwan&#39;s mask distribution program") || page.contains("Taiwan's mask distribution program"))
        }
    }

    /// The event stream over real HTTP, with the entry written by a second instance on the same
    /// database. On PostgreSQL only LISTEN/NOTIFY can carry it across, well within the 15-second
    /// heartbeat; on an SQLite file (no NOTIFY) the instance's shared read every 15 seconds does.
    /// The limit only stops a stream that never ends: it counts the wait for a test slot too, which
    /// on a loaded PostgreSQL run takes minutes.
    @Test(.timeLimit(.minutes(10)))
    func theEventStreamDeliversAnEntryWrittenByAnotherInstance() async throws {
        try await withAmityOnAFile { app async throws in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let postgres = if case .postgres = app.amity.database { true } else { false }
            do {
                try await withSecondInstance(of: app) { writer async throws in
                    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/live?topic=city:1668399"), timeout: .seconds(60))
                    #expect(response.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
                    var body = response.body.makeAsyncIterator()
                    var received = ""
                    while !received.contains(": connected"), let chunk = try await body.next() { received += String(buffer: chunk) }
                    if postgres {
                        let started = ContinuousClock.now
                        while !app.liveHub.isListening, ContinuousClock.now - started < .seconds(10) { try await Task.sleep(for: .milliseconds(50)) }
                        #expect(app.liveHub.isListening)
                    }
                    let taichung = try await writer.credentials(Demo.taichung)
                    try await writer.api(.POST, "/api/v1/offers", as: taichung, json: #"{"cityId":1668399,"item":"expert-advice","quantity":12}"#) { res async throws in
                        #expect(res.status == .created)
                    }
                    let written = ContinuousClock.now
                    while !received.contains("Taichung offers 12"), let chunk = try await body.next() { received += String(buffer: chunk) }
                    #expect(received.contains("Taichung offers 12"))
                    #expect(ContinuousClock.now - written < (postgres ? .seconds(10) : .seconds(20)),
                            "delivered by a NOTIFY on PostgreSQL, by the shared read within 15 seconds on SQLite")
                    let id = try #require(received.components(separatedBy: "\n").last { $0.hasPrefix("id: ") })
                    #expect(Int(id.dropFirst(4)) ?? 0 > 0)
                }
            } catch {
                app.liveHub.close()
                await app.server.shutdown()
                throw error
            }
            app.liveHub.close()
            await app.server.shutdown()
        }
    }

    @Test func aReaderResumesAfterTheLastEntryItSaw() async throws {
        try await withAmity { app async throws in
            let replay = try await LiveFeed.entries(on: app.db, topics: [.network("uclg")], after: 0, limit: 100)
            #expect(!replay.isEmpty && replay.allSatisfy { $0.topicList.contains("network:uclg") })
            // A reader who saw everything up to `latest` gets exactly what was written since, in order.
            let latest = try await LiveFeed.latestID(on: app.db)
            let taichung = try await app.credentials(Demo.taichung)
            for quantity in [5, 6] {
                try await app.api(.POST, "/api/v1/offers", as: taichung, json: #"{"cityId":1668399,"item":"gown","quantity":\#(quantity)}"#)
            }
            let since = try await LiveFeed.entries(on: app.db, topics: [], after: latest)
            #expect(since.map(\.title) == ["Taichung offers 5 × Protective gown", "Taichung offers 6 × Protective gown"], "\(since.map(\.title))")
            #expect(since.compactMap(\.id).allSatisfy { $0 > latest })
        }
    }
}

/// The parts of an Atom document the tests check, read with Foundation's XML parser.
final class AtomDocument: NSObject, XMLParserDelegate {
    var root = "", namespace = ""
    var feed: [String: String] = [:]
    var entries: [[String: String]] = []
    private var path: [String] = []
    private var text = ""

    init(_ data: Data) throws {
        super.init()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? Abort(.internalServerError, reason: "not XML") }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if path.isEmpty { (root, namespace) = (name, namespaceURI ?? "") }
        if name == "entry" { entries.append([:]) }
        path.append(name)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        path.removeLast()
        if path.last == "entry" { entries[entries.count - 1][name] = text } else if path.last == "feed" { feed[name] = text }
        text = ""
    }
}
