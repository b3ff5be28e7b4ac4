@testable import AmityServer
import AmityCore
import Fluent
import NIOConcurrencyHelpers
import Foundation
import Testing
import Vapor
import VaporTesting

private typealias Fixture = RationingFixture

/// The open stock feeds (spec §4): Taiwan's CSV as 2020's apps read it, the extended CSV, the
/// community GeoJSON, Korea's API; one cut of the ledger each (I6); test outlets never in them.
@Suite struct RationingFeedTests {
    static func get(_ app: Application, _ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var captured: TestingHTTPResponse?
        try await app.testing().test(.GET, path, headers: headers) { captured = $0 }
        return captured!
    }

    static func programme(_ app: Application, country: String) async throws -> ProgrammeRecord {
        try #require(try await ProgrammeRecord.query(on: app.db).filter(\.$countryCode == country).first())
    }

    /// 臺北虛擬診所 sells in the demo (a test outlet) and is in no feed, in no format.
    @Test func theDemosTestOutletIsInNoFeed() async throws {
        try await withAmity { app async throws in
            let taiwan = try await Self.programme(app, country: "TW")
            let path = "/api/v1/rationing/programmes/\(try taiwan.requireID())/feeds"
            let test = try #require(try await OutletRecord.query(on: app.db).filter(\.$isTest == true).first())
            #expect(test.code == "0000000000" && test.name == "臺北虛擬診所")
            for feed in ["maskdata.csv", "stock.csv", "stock.geojson", "corona19-masks/v1/stores/json?perPage=5000", "corona19-masks/v1/sales/json",
                         "corona19-masks/v1/storesByGeo/json?lat=25.04&lng=121.56&m=5000", "corona19-masks/v1/storesByAddr/json?address=%E8%87%BA%E5%8C%97%E5%B8%82"] {
                let response = try await Self.get(app, "\(path)/\(feed)")
                #expect(response.status == .ok, "\(feed)")
                #expect(!response.body.string.contains("0000000000") && !response.body.string.contains("虛擬"), "\(feed)")
            }
            // The Taipei questions do find the real sample pharmacies around it.
            let near = try await Self.get(app, "\(path)/corona19-masks/v1/storesByGeo/json?lat=25.04&lng=121.56&m=5000")
            let found = try #require(try JSONSerialization.jsonObject(with: Data(near.body.readableBytesView)) as? [String: Any])
            #expect(found["count"] as? Int == 6)
        }
    }

    /// Read as 2020's apps read it: split on commas, fields 4 and 5 (from 0) as integers. A name or
    /// address with commas, quotes and line breaks keeps every line at seven fields.
    @Test func theTaiwanCSVReadsByPositionAsTheAppsOf2020ReadIt() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app, max: 10, stock: 40)
            let admin = try await app.credentials(Demo.admin)
            let awkward = #"{"code":"0100000003","name":"Pharmacy \"Good\", Lane 3\nBack door","address":"No. 5, Lane 3, Taichung","phone":"04-1234,5"}"#
            #expect(try await app.api(.POST, "\(made.path)/outlets", as: admin, json: awkward).status == .created)
            let token = try await Fixture.terminal(app, made)
            let sale = Fixture.sale("csv-1", outlet: nil, cards: [("A123456784", [("adult", 3)]), ("B123456786", [("child", 2)])])
            #expect(try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: sale).status == .created)
            let response = try await Self.get(app, "\(made.path)/feeds/maskdata.csv")
            let bytes = Array(response.body.readableBytesView)
            #expect(bytes.starts(with: Array((TaiwanMaskCSV.header + "\n").utf8)), "the header, byte for byte")
            #expect(response.headers.contentType == .csvUTF8)
            let lines = response.body.string.split(separator: "\n")
            #expect(lines.count == 4)
            var stock: [String: (Int, Int)] = [:], times: Set<Substring> = []
            for line in lines.dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                #expect(fields.count == 7, "\(line)")
                stock[String(fields[0])] = (try #require(Int(fields[4])), try #require(Int(fields[5])))
                times.insert(fields[6])
            }
            #expect(stock["0100000001"]! == (37, 38) && stock["0100000002"]! == (40, 40) && stock["0100000003"]! == (0, 0))
            #expect(times.count == 1 && times.first!.wholeMatch(of: /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/) != nil)
            #expect(lines.last!.contains("Pharmacy ＂Good＂， Lane 3\u{3000}Back door,No. 5， Lane 3， Taichung,04-1234，5,"))
            // A spreadsheet opening the file runs no formula: the leading sign is full-width.
            #expect(TaiwanMaskCSV.plain("=HYPERLINK(\"http://x\")") == "＝HYPERLINK(＂http://x＂)")
            #expect(TaiwanMaskCSV.plain("@SUM(A1)") == "＠SUM(A1)" && TaiwanMaskCSV.plain("+886") == "＋886" && TaiwanMaskCSV.plain("-") == "－")
            #expect(TaiwanMaskCSV.plain("臺中市 a=b") == "臺中市 a=b")
        }
    }

    /// Every snapshot equals the ledger replayed to its cut, however the ledger went on after it:
    /// sales, a reversal, a receipt and an adjustment, sold at two outlets while snapshots are taken.
    @Test func everySnapshotIsTheLedgerReplayedToItsCut() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app, max: 1_000, stock: 300)
            let admin = try await app.credentials(Demo.admin)
            let tokens = [try await Fixture.terminal(app, made), try await Fixture.terminal(app, made, outlet: made.otherOutlet)]
            let ledger = StockLedger(db: app.db)
            let ids = Dictionary(uniqueKeysWithValues: try await OutletRecord.query(on: app.db).filter(\.$programmeID == made.programme).all()
                .map { ($0.code, try $0.requireID()) })
            var snapshots: [StockSnapshot] = []
            // Snapshots one after another for as long as the sales go on, so some fall between a
            // sale's id and its commit, or between reading the cut and reading the stock.
            let selling = ManagedAtomicFlag()
            let taken = try await withThrowingTaskGroup(of: [StockSnapshot].self) { group in
                group.addTask {
                    // The snapshots stop when the sales end, however they end.
                    defer { selling.set() }
                    try await withThrowingTaskGroup(of: Void.self) { sales in
                        for n in 0..<160 {
                            let card = Fixture.documents[n % Fixture.documents.count]
                            let body = Fixture.sale("cut-\(n)", outlet: nil, cards: [(card, [(n % 3 == 0 ? "child" : "adult", 1 + n % 3)])])
                            sales.addTask { _ = try await app.terminalCall(.POST, "\(made.path)/sales", token: tokens[n % 2], json: body) }
                        }
                        try await sales.waitForAll()
                    }
                    return []
                }
                for _ in 0..<2 {
                    group.addTask {
                        var taken: [StockSnapshot] = []
                        while !selling.isSet {
                            taken.append(try await ledger.snapshot(programmeID: made.programme, classes: ["adult", "child"], zone: .gmt, now: Date()))
                        }
                        return taken
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            snapshots += taken
            #expect(try await app.terminalCall(.POST, "\(made.path)/sales/cut-1/reversal", token: tokens[1], json: #"{"reason":"Sold to the wrong card."}"#).status == .ok)
            snapshots.append(try await ledger.snapshot(programmeID: made.programme, classes: ["adult", "child"], zone: .gmt, now: Date()))
            let delivery = try await app.api(.POST, "\(made.path)/outlets/\(made.outlet)/deliveries", as: admin, json: #"{"class":"adult","quantity":25}"#).json(StockMovementDTO.self)
            #expect(try await app.terminalCall(.POST, "\(made.path)/outlets/\(made.outlet)/deliveries/\(delivery.id)/confirmation", token: tokens[0]).status == .ok)
            #expect(try await app.api(.POST, "\(made.path)/outlets/\(made.otherOutlet)/adjustments", as: admin, json: #"{"class":"child","quantity":4,"note":"Water damage"}"#).status == .created)
            let last = try await ledger.snapshot(programmeID: made.programme, classes: ["adult", "child"], zone: .gmt, now: Date())
            snapshots.append(last)
            #expect(Set(snapshots.map(\.cut.sequence)).count > 2, "the snapshots saw the ledger at several points")
            for snapshot in snapshots {
                let replayed = try await ledger.replay(programmeID: made.programme, through: snapshot.cut)
                for outlet in snapshot.outlets {
                    #expect(outlet.onHand == (replayed[ids[outlet.code]!] ?? [:]), "\(outlet.code) at \(snapshot.cut)")
                }
            }
            // Conservation: what is on hand now is receipts less sales and adjustments, with returns.
            let stock = try await StockRecord.query(on: app.db).all()
            let now = try await ledger.replay(programmeID: made.programme, through: last.cut)
            for row in stock where ids.values.contains(row.outletID) { #expect(now[row.outletID]?[row.class] == row.onHand) }
            #expect(last.outlets.first { $0.code == "0100000001" }?.onHand["adult"] == (try await Fixture.onHand(app, outlet: made.outlet)))
        }
    }

    /// Served from memory with a tag: 304 when the reader holds it, gzip when asked, readable from
    /// any origin; a sale shows in the next snapshot, and an unchanged one keeps its tag.
    @Test func feedsAreTaggedCompressedAndOpenToEveryOrigin() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app, max: 10, stock: 40)
            let path = "\(made.path)/feeds/stock.csv"
            let first = try await Self.get(app, path)
            let tag = try #require(first.headers.first(name: .eTag))
            #expect(first.headers.first(name: .accessControlAllowOrigin) == "*" && first.headers.first(name: .vary) == "Accept-Encoding")
            #expect(try await Self.get(app, path, headers: ["If-None-Match": tag]).status == .notModified)
            #expect(try await Self.get(app, path, headers: ["If-None-Match": "W/\(tag)"]).status == .notModified)
            #expect(try await Self.get(app, path, headers: ["If-None-Match": "\"other\""]).status == .ok)
            let zipped = try await Self.get(app, path, headers: ["Accept-Encoding": "br, gzip;q=0.8"])
            #expect(zipped.headers.first(name: .contentEncoding) == "gzip" && zipped.headers.first(name: .eTag) != tag)
            var body = zipped.body
            #expect(String(buffer: try body.decompress(with: .gzip())) == first.body.string)
            for refused in ["gzip;q=0", "gzip; q = 0.000", "identity, gzip;q=0.0"] {
                #expect(try await Self.get(app, path, headers: ["Accept-Encoding": refused]).headers.first(name: .contentEncoding) == nil, "\(refused)")
            }
            #expect(try await Self.get(app, path, headers: ["Accept-Encoding": "GZIP;q=0.5"]).headers.first(name: .contentEncoding) == "gzip")
            let programme = try #require(try await ProgrammeRecord.find(made.programme, on: app.db))
            let unchanged = try await app.stockFeeds.afterWrites(programme, app: app)
            #expect("\"\(unchanged.extended.tag)\"" == tag, "nothing changed: the same bytes and tag")
            let token = try await Fixture.terminal(app, made)
            _ = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("tag-1", outlet: nil, cards: [("A123456784", [("adult", 1)])]))
            let after = try await app.stockFeeds.afterWrites(programme, app: app)
            #expect(after.extended.tag != unchanged.extended.tag && after.snapshot.cut.sequence > unchanged.snapshot.cut.sequence)
            // An outlet flagged as a test outlet leaves the feeds at the next snapshot, although no stock moved.
            let flagged = "code,name,address,test\n0100000002,Pharmacy 0100000002,Taichung,yes\n"
            _ = try await RationingImport(db: app.db, key: app.documentKey).outlets(flagged, programmeID: made.programme, now: Date())
            let without = try await app.stockFeeds.afterWrites(programme, app: app)
            #expect(without.snapshot.outlets.map(\.code) == ["0100000001"] && without.snapshot.cut == after.snapshot.cut)
            let rows = String(buffer: after.extended.plain).split(separator: "\r\n")
            #expect(rows[0] == "code,name,address,phone,kind,latitude,longitude,adult_on_hand,adult_held,adult_available,child_on_hand,child_held,child_available,selling_now,snapshot,updated")
            #expect(rows[1].hasPrefix("0100000001,Pharmacy 0100000001,Taichung,,pharmacy,,,39,0,39,40,0,40,true,\(after.snapshot.cut.sequence),"))
        }
    }

    /// Which class fills which of Taiwan's columns is the programme's choice, checked when it starts.
    @Test func theFeedsColumnsFollowTheProgrammesClasses() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin)
            for bad in [#"[]"#, #"["Adult!"]"#, #"["adult","adult"]"#, #"["a","b","c","d","e"]"#] {
                let refused = try await app.api(.POST, "/api/v1/rationing/programmes", as: admin, json: #"{"countryCode":"TW","name":"Masks","feedClasses":\#(bad)}"#)
                #expect(refused.status == .badRequest && refused.body.string.contains("\"field\":\"feedClasses\""), "\(bad)")
            }
            let made = try await app.api(.POST, "/api/v1/rationing/programmes", as: admin, json: #"{"countryCode":"TW","name":"Masks","feedClasses":["child","adult"]}"#)
            let programme = try made.json(ProgrammeDTO.self)
            #expect(made.status == .created && programme.feedClasses == ["child", "adult"])
            let path = "/api/v1/rationing/programmes/\(programme.id)"
            let outlet = try await app.api(.POST, "\(path)/outlets", as: admin, json: #"{"code":"0300000001","name":"Pharmacy","address":"Taichung"}"#).json(OutletDTO.self)
            for (name, quantity) in [("child", 7), ("adult", 3)] {
                let row = try #require(try await OutletRecord.find(outlet.id, on: app.db))
                let delivery = try await StockMovements(db: app.db).deliver(StockMovementRequest(class: name, quantity: quantity), outlet: row, classes: ["adult", "child"], by: nil, now: Date())
                _ = try await StockMovements(db: app.db).confirm(delivery.id, outletID: outlet.id, by: "test", now: Date())
            }
            let line = try await Self.get(app, "\(path)/feeds/maskdata.csv").body.string.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
            #expect(line[4] == "7" && line[5] == "3", "the child class in the first stock column, as the programme said")
        }
    }

    /// Korea's API: buckets, pages with their totals, the circle nearest first, the address's start,
    /// and every bad question refused with its field named.
    @Test func koreasQuestionsAreAnsweredAsItsAPIDid() async throws {
        try await withAmity { app async throws in
            let korea = try await Self.programme(app, country: "KR")
            let path = "/api/v1/rationing/programmes/\(try korea.requireID())/feeds/corona19-masks/v1"
            func json(_ query: String) async throws -> [String: Any] {
                let response = try await Self.get(app, "\(path)/\(query)")
                #expect(response.status == .ok, "\(query): \(response.body.string)")
                return try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            }
            let page = try await json("stores/json?page=3&perPage=5")
            #expect(page["count"] as? Int == 2 && page["page"] as? String == "3" && page["totalCount"] as? Int == 12 && page["totalPages"] as? Int == 3)
            let sales = try await json("sales/json")
            #expect((sales["sales"] as? [[String: Any]])?.allSatisfy { $0["remain_stat"] as? String == "plenty" } == true)
            let near = try await json("storesByGeo/json?lat=37.5665&lng=126.978&m=1500")
            let stores = try #require(near["stores"] as? [[String: Any]])
            #expect(near["count"] as? Int == stores.count && !stores.isEmpty)
            let centre = try Coordinate(latitude: 37.5665, longitude: 126.978)
            let distances = try stores.map { try centre.distanceKilometres(to: Coordinate(latitude: $0["lat"] as! Double, longitude: $0["lng"] as! Double)) }
            #expect(distances == distances.sorted() && distances.allSatisfy { $0 <= 1.5 })
            #expect(Set(stores[0].keys) == ["addr", "code", "created_at", "lat", "lng", "name", "remain_stat", "stock_at", "type"])
            let daegu = try await json("storesByAddr/json?address=%EB%8C%80%EA%B5%AC%EA%B4%91%EC%97%AD%EC%8B%9C%20%20%EC%98%88%EC%8B%9C%EB%A1%9C")
            #expect(daegu["count"] as? Int == 6 && daegu["address"] as? String == "대구광역시 예시로")
            for (query, field) in [("storesByGeo/json?lat=91&lng=126", "lat"), ("storesByGeo/json?lat=37&lng=nan", "lng"), ("storesByGeo/json?lng=126", "lat"),
                                   ("storesByGeo/json?lat=37&lng=126&m=5001", "m"), ("stores/json?perPage=0", "perPage"), ("sales/json?page=-1", "page"),
                                   ("storesByAddr/json?address=%20", "address")] {
                let response = try await Self.get(app, "\(path)/\(query)")
                #expect(response.status == .badRequest && response.body.string.contains("\"field\":\"\(field)\""), "\(query): \(response.body.string)")
            }
            #expect(try await Self.get(app, "/api/v1/rationing/programmes/999/feeds/maskdata.csv").status == .notFound)
        }
    }
}

/// Set once, read from any task.
private final class ManagedAtomicFlag: Sendable {
    private let value = NIOLockedValueBox(false)
    var isSet: Bool { value.withLockedValue { $0 } }
    func set() { value.withLockedValue { $0 = true } }
}
