@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// When outlets sell: given through the API or a file, checked, published in the community map's
/// format as in 2020, and shown by the finder as open now or when an outlet opens next.
@Suite struct OutletHoursTests {
    /// An instant in Taipei, where Taiwan's demo programme keeps its time; 2020-02-10 was a Monday.
    static func taipei(day: Int, hour: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Taipei")!
        return calendar.date(from: DateComponents(year: 2020, month: 2, day: 10 + day, hour: hour))!
    }

    @Test func hoursAreCheckedAndABadOneChangesNothing() async throws {
        try await withAmity { app async throws in
            let made = try await RationingFixture.make(app)
            let manager = try await app.credentials(Demo.taichung)
            let good = #"{"code":"0200000010","name":"Pharmacy 10","address":"Taichung","servicePeriods":"nnnnnnyNNNNNNYNNNNNNY"}"#
            let created = try await app.api(.POST, "\(made.path)/outlets", as: manager, json: good)
            #expect(created.status == .created, "\(created.body.string)")
            #expect(try created.json(OutletDTO.self).servicePeriods == "NNNNNNYNNNNNNYNNNNNNY")
            let count = try await OutletRecord.query(on: app.db).count()
            for bad in ["NNNN", "NNNNNNYNNNNNNYNNNNNNX", "open 9 to 5", String(repeating: "N", count: 22)] {
                let refused = try await app.api(.POST, "\(made.path)/outlets", as: manager,
                                                json: #"{"code":"0200000011","name":"Pharmacy 11","address":"Taichung","servicePeriods":"\#(bad)"}"#)
                #expect(refused.status == .badRequest && refused.body.string.contains("servicePeriods") && refused.body.string.contains("21 letters"), "\(bad)")
            }
            #expect(try await OutletRecord.query(on: app.db).count() == count)
            let unknown = try await app.api(.POST, "\(made.path)/outlets", as: manager, json: #"{"code":"0200000012","name":"Pharmacy 12","address":"Taichung","servicePeriods":""}"#)
            #expect(try unknown.json(OutletDTO.self).servicePeriods == nil, "empty is not said")

            // A file's column, checked line by line; a bad line loads nothing.
            let load = RationingImport(db: app.db, key: app.documentKey)
            let file = "code,name,address,service_periods\n0200000013,A,Taichung,NNNNNNNNNNNNNNNNNNNNY\n0200000014,B,Taichung,\n"
            #expect(try await load.outlets(file, programmeID: made.programme, now: Date()).created == 2)
            #expect(try await OutletRecord.query(on: app.db).filter(\.$code == "0200000013").first()?.servicePeriods == "NNNNNNNNNNNNNNNNNNNNY")
            #expect(try await OutletRecord.query(on: app.db).filter(\.$code == "0200000014").first()?.servicePeriods == nil)
            do {
                _ = try await load.outlets("code,name,address,service_periods\n0200000015,C,Taichung,YES\n", programmeID: made.programme, now: Date())
                Issue.record("a bad file was loaded")
            } catch let DomainError.invalid(fields) {
                #expect(fields.map(\.field) == ["line 2: servicePeriods"])
            }
        }
    }

    /// The demo's pharmacies in the community map's properties, in its letters and the NHI's words.
    @Test func theMapFeedCarriesTheHoursAsIn2020() async throws {
        try await withAmity { app async throws in
            let taiwan = try await RationingFeedTests.programme(app, country: "TW")
            let feed = try await RationingFeedTests.get(app, "/api/v1/rationing/programmes/\(try taiwan.requireID())/feeds/stock.geojson")
            let document = try JSONSerialization.jsonObject(with: Data(feed.body.readableBytesView)) as? [String: Any]
            let properties = (document?["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
            #expect(properties.count == 24)
            for outlet in properties {
                let code = try #require(outlet["service_periods"] as? String), words = try #require(outlet["available"] as? String)
                #expect(ServicePeriods(code: code) != nil && words == ServicePeriods(code: code)?.taiwanWords, "\(outlet["id"] ?? "")")
            }
            #expect(properties.contains { ($0["available"] as? String)?.hasSuffix("星期日晚上休診") == true })
        }
    }

    @Test func theFinderSaysWhetherAnOutletIsOpenAndWhenItOpens() async throws {
        try await withAmity { app async throws in
            let taiwan = try await RationingFeedTests.programme(app, country: "TW")
            let path = "/rationing/\(try taiwan.requireID())/outlets?district=%E8%87%BA%E4%B8%AD%E5%B8%82"
            // Monday morning: all six of Taichung's sample pharmacies sell.
            app.clock = WallClock { Self.taipei(day: 0, hour: 10) }
            let monday = try await app.api(.GET, path).body.string
            #expect(monday.components(separatedBy: "Open now").count - 1 == 6)
            #expect(monday.contains("Mon–Sat morning, afternoon, evening · Sun closed"), "the week, days alike grouped")
            let index = try await app.api(.GET, "/rationing/\(try taiwan.requireID())/outlets").body.string
            #expect(index.contains(">臺中市</a> · 6/6"))
            // Saturday afternoon: those open only on Saturday mornings are closed until Monday, with stock.
            app.clock = WallClock { Self.taipei(day: 5, hour: 15) }
            let saturday = try await app.api(.GET, path).body.string
            #expect(saturday.components(separatedBy: "Closed now; opens Mon morning").count - 1 == 2)
            #expect(saturday.components(separatedBy: "In stock").count - 1 == 2)
            #expect(try await app.api(.GET, "/rationing/\(try taiwan.requireID())/outlets").body.string.contains(">臺中市</a> · 4/6"))
            // Sunday evening, in Chinese: none is open.
            app.clock = WallClock { Self.taipei(day: 6, hour: 20) }
            let sunday = try await app.api(.GET, path, headers: ["Accept-Language": "zh-TW"]).body.string
            #expect(sunday.components(separatedBy: "目前休息；週一上午營業").count - 1 == 6)
        }
    }
}
