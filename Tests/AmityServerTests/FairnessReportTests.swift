@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

private typealias Fixture = RationingFixture

/// The fairness report from a real ledger: buyers against the registered, small cells held back,
/// as JSON, CSV and a page with its charts.
@Suite struct FairnessReportTests {
    @Test func theReportComparesBuyersWithEveryoneRegistered() async throws {
        try await withAmity { app async throws in
            app.clock = WallClock { Date(timeIntervalSince1970: 1_700_000_000) }   // 2023-11-15
            let made = try await Fixture.make(app, max: 10, stock: 500, people: 0)
            let register = RegisteredPeople(db: app.db, key: app.documentKey)
            for n in 0..<30 {
                _ = try await register.register(RegisterPersonRequest(document: "N\(1_000_000 + n)", documentType: "nhi", birth: "1980-05-0\(1 + n % 9)", household: nil, district: "North"),
                                                programmeID: made.programme, now: app.clock.now())
            }
            for n in 0..<20 {
                _ = try await register.register(RegisterPersonRequest(document: "S\(1_000_000 + n)", documentType: n < 5 ? "arc" : "nhi", birth: "1950", household: nil, district: "South"),
                                                programmeID: made.programme, now: app.clock.now())
            }
            let admin = try await app.credentials(Demo.admin)
            for n in 0..<10 {
                let sale = Fixture.sale("f-\(n)", outlet: made.outlet, cards: [("N\(1_000_000 + n)", [("adult", 2)])])
                #expect(try await app.api(.POST, "\(made.path)/sales", as: admin, json: sale).status == .created)
            }
            let report = try await app.api(.GET, "\(made.path)/fairness?day=2023-11-15&days=7").json(FairnessDTO.self)
            #expect(report.registered == 50 && report.buyers == 10 && report.unitsHandedOver == 20 && report.shareOutsideQueues == 0)
            let south = try #require(report.rows.first { $0.dimension == "district" && $0.category == "South" })
            #expect(south.registered == 20 && south.buyers == 0 && south.balanced == false)
            #expect(abs(south.difference! - (-0.4 / (0.24 / 2).squareRoot())) < 1e-9)
            #expect(report.rows.filter { $0.dimension == "ageBand" }.map(\.category) == ["40–64", "65+"])
            // 5 ARC holders: too few to show.
            #expect(report.rows.first { $0.dimension == "document" && $0.category == "arc" }?.suppressed == true)
            // A day before the sales: nobody bought.
            #expect(try await app.api(.GET, "\(made.path)/fairness?day=2023-11-01&days=7").json(FairnessDTO.self).buyers == 0)
            let csv = try await app.api(.GET, "\(made.path)/fairness.csv?day=2023-11-15")
            let lines = csv.body.string.split(separator: "\n")
            #expect(lines.first == "dimension,category,registered,buyers,registered_share,buyer_share,standardized_difference,suppressed")
            #expect(lines.contains("district,South,20,0,0.4,0,-1.1547,false"), "\(csv.body.string)")
            #expect(lines.contains("document,arc,,,,,,true"))
            let bad = try await app.api(.GET, "\(made.path)/fairness?day=15.11.2023&days=99")
            #expect(try bad.status == .badRequest && Set(try bad.json(ProblemBody.self).errors?.map(\.field) ?? []) == ["day", "days"])
            let page = try await app.api(.GET, "/rationing/\(made.programme)/fairness?day=2023-11-15")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<svg") && page.body.string.contains("fairness-district-title") && page.body.string.contains("South"))
            // A page's bad query: the report of the defaults, the message beside the field.
            let slip = try await app.api(.GET, "/rationing/\(made.programme)/fairness?days=abc")
            #expect(slip.status == .badRequest && slip.body.string.contains("days-error") && slip.body.string.contains("<svg"))
        }
    }
}
