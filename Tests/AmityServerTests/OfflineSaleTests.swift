@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

private typealias Fixture = RationingFixture

/// Bounded offline selling (I9): an outlet cut off sells, then sends what it sold; every sale is
/// recorded once, reconciled against the rules of its time, and reported per outlet; none lost.
@Suite struct OfflineSaleTests {
    static func batch(_ sales: [(id: String, sequence: Int, at: Date, document: String, quantity: Int)]) -> String {
        let items = sales.map { sale in
            #"{"saleId":"\#(sale.id)","sequence":\#(sale.sequence),"at":"\#(sale.at.formatted(.iso8601))","cards":[{"document":"\#(sale.document)","lines":[{"class":"adult","quantity":\#(sale.quantity)}]}]}"#
        }
        return #"{"sales":[\#(items.joined(separator: ","))]}"#
    }

    @Test func anOfflineOutletIsReconciledWhenItComesBack() async throws {
        try await withAmity { app async throws in
            let morning = Date(timeIntervalSince1970: 1_700_000_000)
            let time = ReservationTests.MovingClock(morning)
            app.clock = time.clock
            let made = try await Fixture.make(app, max: 2, stock: 3)
            let programme = try #require(try await ProgrammeRecord.find(made.programme, on: app.db))
            programme.offlineAllowance = 2
            try await programme.save(on: app.db)
            let token = try await Fixture.terminal(app, made)
            let admin = try await app.credentials(Demo.admin)
            // Before the line went down, A bought their 2 online.
            #expect(try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("on-1", outlet: nil, cards: [("A123456784", [("adult", 2)])])).status == .created)
            time.advance(6 * 3_600)
            let sales = [("off-1", 1, morning.addingTimeInterval(3_600), "A223456781", 2),      // within the rules and the allowance
                         ("off-2", 2, morning.addingTimeInterval(7_200), "A123456784", 1),      // A's third: over the rules
                         ("off-4", 4, morning.addingTimeInterval(10_800), "C123456780", 3)]     // over the rules and the allowance
            let before = (try await SaleRecord.query(on: app.db).count(), try await Fixture.onHand(app, outlet: made.outlet))
            // A slip anywhere records nothing: a repeated sequence, a time ahead of the clock, an unregistered card.
            let slips = Self.batch([("x-1", 1, morning, "A223456781", 1), ("x-2", 1, morning.addingTimeInterval(86_400), "Z999999999", 1)])
            let refused = try await app.terminalCall(.POST, "\(made.path)/offline-sales", token: token, json: slips)
            #expect(refused.status == .badRequest)
            #expect(Set(try refused.json(ProblemBody.self).errors?.map(\.field) ?? []) == ["sales[1].sequence", "sales[1].at", "sales[1].cards[0].document"], "\(refused.body.string)")
            #expect(try await SaleRecord.query(on: app.db).count() == before.0)
            // Only the terminal that sold sends them.
            #expect(try await app.api(.POST, "\(made.path)/offline-sales", as: admin, json: Self.batch(sales)).status == .forbidden)

            let sent = try await app.terminalCall(.POST, "\(made.path)/offline-sales", token: token, json: Self.batch(sales))
            #expect(sent.status == .ok, "\(sent.body.string)")
            let batch = try sent.json(OfflineBatchDTO.self)
            #expect(batch.received == 3 && batch.recorded == 3 && batch.overGrants == 2 && batch.beyondAllowance == 1)
            #expect(batch.missingSequences == [[3, 3]])
            #expect(batch.sales.map(\.saleId) == ["off-1", "off-2", "off-4"])
            #expect(batch.sales.map(\.overGrant) == [false, true, true] && batch.sales.map(\.beyondAllowance) == [false, false, true])
            #expect(batch.sales[1].reasons.map(\.code) == [.limit])
            // 1 was on hand: the outlet handed over 5 units its stock never recorded, and on hand stops at 0.
            #expect(batch.sales.map(\.stockShort) == [1, 1, 3])
            #expect(try await Fixture.onHand(app, outlet: made.outlet) == 0)
            // Sent again (the terminal never heard the answer): the same answers, nothing twice.
            let again = try await app.terminalCall(.POST, "\(made.path)/offline-sales", token: token, json: Self.batch(sales))
            let replay = try again.json(OfflineBatchDTO.self)
            #expect(replay.recorded == 0 && replay.sales.allSatisfy(\.replayed) && replay.sales.map(\.stockShort) == [1, 1, 3])
            #expect(try await SaleRecord.query(on: app.db).count() == before.0 + 3)
            // A sequence past any counter's (Int.max here) is refused whole, before anything is recorded.
            let huge = try await app.terminalCall(.POST, "\(made.path)/offline-sales", token: token,
                                                  json: Self.batch([("big-1", Int.max, morning.addingTimeInterval(3_600), "A223456781", 1)]))
            #expect(try huge.status == .badRequest && huge.json(ProblemBody.self).errors?.map(\.field) == ["sales[0].sequence"])
            // The same new batch twice at once: recorded once, both answered.
            let twin = Self.batch([("off-5", 5, morning.addingTimeInterval(12_000), "E123456782", 1)])
            async let first = app.terminalCall(.POST, "\(made.path)/offline-sales", token: token, json: twin)
            async let second = app.terminalCall(.POST, "\(made.path)/offline-sales", token: token, json: twin)
            let pair = [try await first, try await second]
            #expect(pair.allSatisfy { $0.status == .ok })
            #expect(try pair.map { try $0.json(OfflineBatchDTO.self).recorded }.sorted() == [0, 1])
            #expect(try await SaleRecord.query(on: app.db).filter(\.$clientID == "off-5").count() == 1)
            let reused = Self.batch([("off-1", 5, morning.addingTimeInterval(3_600), "A223456781", 1)])
            #expect(try await app.terminalCall(.POST, "\(made.path)/offline-sales", token: token, json: reused).status == .conflict)
            // The quota knows of them: C may buy nothing more online.
            let online = try await app.terminalCall(.POST, "\(made.path)/sales", token: token,
                                                    json: Fixture.sale("on-2", outlet: nil, cards: [("C123456780", [("child", 1)])]))
            #expect(try online.json(SaleDTO.self).reasons.map(\.code).contains(.limit))
            // The report, per outlet; the missing sequence arrives later.
            let report = try await app.api(.GET, "\(made.path)/offline-report", as: admin).json([OfflineOutletDTO].self)
            #expect(report.count == 1)
            #expect(report.first.map { [$0.offlineSales, $0.overGrants, $0.unitsOverGranted, $0.beyondAllowance, $0.stockShort] } == [4, 2, 4, 1, 6])
            #expect(try await app.terminalCall(.GET, "\(made.path)/offline-report", token: token).status == .unauthorized)
            let late = try await app.terminalCall(.POST, "\(made.path)/offline-sales", token: token,
                                                  json: Self.batch([("off-3", 3, morning.addingTimeInterval(9_000), "D123456785", 1)]))
            #expect(try late.json(OfflineBatchDTO.self).missingSequences == [])
            try await ReservationTests.expectSnapshotEqualsReplay(app, programme: made.programme)
        }
    }
}
