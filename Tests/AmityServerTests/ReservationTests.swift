@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

private typealias Fixture = RationingFixture

/// Numbered tickets and pre-order rounds (I7, TW-14 … TW-16): what is held is quota taken and
/// stock no walk-in gets, until it ends exactly once; a round's lottery is reproducible from what
/// it publishes; forfeits give quota and stock back.
@Suite struct ReservationTests {
    /// A clock tests move: `base` plus what `advance` added.
    final class MovingClock: Sendable {
        let offset = NIOLockedValueBox<TimeInterval>(0)
        let base: Date

        init(_ base: Date) { self.base = base }

        var clock: WallClock { WallClock { [self] in base.addingTimeInterval(offset.withLockedValue { $0 }) } }
        func set(_ date: Date) { offset.withLockedValue { $0 = date.timeIntervalSince(base) } }
        func advance(_ seconds: TimeInterval) { offset.withLockedValue { $0 += seconds } }
    }

    static func stock(_ app: Application, outlet: Int, _ name: String = "adult") async throws -> (onHand: Int, held: Int) {
        let row = try await StockRecord.query(on: app.db).filter(\.$outletID == outlet).filter(\.$class == name).first()
        return (row?.onHand ?? 0, row?.held ?? 0)
    }

    static func ticket(_ id: String, _ document: String, _ quantity: Int, outlet: Int? = nil, minutes: Int? = nil) -> String {
        var body = Fixture.sale(id, outlet: outlet, cards: [(document, [("adult", quantity)])])
        if let minutes { body = String(body.dropLast()) + #","minutes":\#(minutes)}"# }
        return body
    }

    /// Every snapshot the feeds publish equals the ledger replayed to its cut, held stock included (I6).
    static func expectSnapshotEqualsReplay(_ app: Application, programme: Int) async throws {
        let ledger = StockLedger(db: app.db)
        let snapshot = try await ledger.snapshot(programmeID: programme, classes: ["adult", "child"], zone: .gmt, now: app.clock.now())
        let onHand = try await ledger.replay(programmeID: programme, through: snapshot.version.cut)
        let held = try await ledger.replayHeld(programmeID: programme, through: snapshot.version.cut)
        let outlets = try await OutletRecord.query(on: app.db).filter(\.$programmeID == programme).all()
        for outlet in snapshot.outlets {
            let id = try #require(outlets.first { $0.code == outlet.code }).requireID()
            for name in ["adult", "child"] {
                #expect((outlet.onHand[name] ?? 0) == (onHand[id]?[name] ?? 0), "\(outlet.code) \(name) on hand")
                #expect((outlet.held[name] ?? 0) == (held[id]?[name] ?? 0), "\(outlet.code) \(name) held")
            }
        }
    }

    @Test func aTicketHoldsQuotaAndStockUntilItEndsOnce() async throws {
        try await withAmity { app async throws in
            let time = MovingClock(Date(timeIntervalSince1970: 1_700_000_000))
            app.clock = time.clock
            let made = try await Fixture.make(app, max: 2, stock: 3)
            let token = try await Fixture.terminal(app, made)
            let admin = try await app.credentials(Demo.admin)
            let first = try await app.terminalCall(.POST, "\(made.path)/tickets", token: token, json: Self.ticket("t-1", "A123456784", 2))
            #expect(first.status == .created, "\(first.body.string)")
            let reservation = try #require(try first.json(HoldDTO.self).reservation)
            #expect(reservation.number == "1" && reservation.state == "held" && reservation.kind == "ticket" && reservation.total == Amount(10))
            // The same sale id again: the same ticket, not a second.
            let again = try await app.terminalCall(.POST, "\(made.path)/tickets", token: token, json: Self.ticket("t-1", "A123456784", 2))
            #expect(try again.status == .ok && (try again.json(HoldDTO.self).reservation?.id) == reservation.id)
            #expect(try await Self.stock(app, outlet: made.outlet) == (3, 2))
            // What is held is not a walk-in's: of 3 on hand, 1 is available.
            let tooMany = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("w-1", outlet: nil, cards: [("A223456781", [("adult", 2)])]))
            #expect(try tooMany.json(SaleDTO.self).reasons.map(\.code) == [.noStock])
            let one = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("w-2", outlet: nil, cards: [("A223456781", [("adult", 1)])]))
            #expect(one.status == .created)
            // The ticket's quota is taken: its holder may buy nothing more this week (I1: committed + held ≤ limit).
            let more = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("w-3", outlet: nil, cards: [("A123456784", [("adult", 1)])]))
            #expect(try more.json(SaleDTO.self).reasons.map(\.code).contains(.limit))
            // Sale reversal is not how a reservation ends.
            #expect(try await app.api(.POST, "\(made.path)/sales/t-1/reversal", as: admin, json: #"{"reason":"mistake"}"#).status == .conflict)
            // The counter finds it by the document when its holder comes back, and hands it over once.
            let found = try await app.terminalCall(.POST, "\(made.path)/reservations/held", token: token, json: #"{"document":"A123456784"}"#)
            #expect(try found.json([ReservationDTO].self).map(\.id) == [reservation.id])
            let pickup = try await app.terminalCall(.POST, "\(made.path)/reservations/\(reservation.id)/pickup", token: token)
            #expect(try pickup.status == .ok && (try pickup.json(ReservationDTO.self).state) == "completed", "\(pickup.body.string)")
            #expect(try await Self.stock(app, outlet: made.outlet) == (0, 0))
            #expect(try await app.terminalCall(.POST, "\(made.path)/reservations/\(reservation.id)/pickup", token: token).status == .conflict)
            #expect(try await app.terminalCall(.POST, "\(made.path)/reservations/\(reservation.id)/cancellation", token: token, json: "{}").status == .conflict)
            try await Self.expectSnapshotEqualsReplay(app, programme: made.programme)

            // At the other outlet (a manager selling there): cancelled, the quota and the stock come back.
            let second = try await app.api(.POST, "\(made.path)/tickets", as: admin, json: Self.ticket("t-2", "C123456780", 2, outlet: made.otherOutlet))
            let cancelled = try #require(try second.json(HoldDTO.self).reservation)
            #expect(cancelled.number == "1", "numbers count per outlet")
            // A terminal of another outlet does not see it.
            #expect(try await app.terminalCall(.GET, "\(made.path)/reservations/\(cancelled.id)", token: token).status == .notFound)
            let cancel = try await app.api(.POST, "\(made.path)/reservations/\(cancelled.id)/cancellation", as: admin, json: #"{"reason":"Changed their mind"}"#)
            #expect(try cancel.json(ReservationDTO.self).state == "cancelled")
            #expect(try await Self.stock(app, outlet: made.otherOutlet) == (3, 0))
            let bought = try await app.api(.POST, "\(made.path)/sales", as: admin, json: Fixture.sale("w-4", outlet: made.otherOutlet, cards: [("C123456780", [("adult", 2)])]))
            #expect(try bought.json(SaleDTO.self).allowed)

            // Not collected within its minutes: the scheduled job forfeits it, once.
            let lapsing = try await app.api(.POST, "\(made.path)/tickets", as: admin, json: Self.ticket("t-3", "D123456785", 1, outlet: made.otherOutlet, minutes: 5))
            let lapsed = try #require(try lapsing.json(HoldDTO.self).reservation)
            #expect(try await ReservationExpiry(app: app).turn() == .waiting)
            time.advance(5 * 60)
            #expect(try await app.api(.POST, "\(made.path)/reservations/\(lapsed.id)/pickup", as: admin).status == .conflict)
            #expect(try await ReservationExpiry(app: app).turn() == .worked)
            #expect(try await ReservationExpiry(app: app).turn() == .waiting)
            #expect(try await ReservationRecord.find(lapsed.id, on: app.db)?.state == "expired")
            #expect(try await Self.stock(app, outlet: made.otherOutlet) == (1, 0))
            let afterLapse = try await app.api(.POST, "\(made.path)/sales", as: admin, json: Fixture.sale("w-5", outlet: made.otherOutlet, cards: [("D123456785", [("adult", 1)])]))
            #expect(try afterLapse.json(SaleDTO.self).allowed)

            // Two ends at once: exactly one wins.
            let delivery = try await app.api(.POST, "\(made.path)/outlets/\(made.otherOutlet)/deliveries", as: admin, json: #"{"class":"adult","quantity":5}"#)
            let confirmation = "\(made.path)/outlets/\(made.otherOutlet)/deliveries/\(try delivery.json(StockMovementDTO.self).id)/confirmation"
            #expect(try await app.api(.POST, confirmation, as: admin).status == .ok)
            let last = try await app.api(.POST, "\(made.path)/tickets", as: admin, json: Self.ticket("t-4", "E123456782", 1, outlet: made.otherOutlet))
            let contested = try #require(try last.json(HoldDTO.self).reservation)
            async let pick = app.api(.POST, "\(made.path)/reservations/\(contested.id)/pickup", as: admin)
            async let drop = app.api(.POST, "\(made.path)/reservations/\(contested.id)/cancellation", as: admin, json: "{}")
            let statuses = [try await pick.status, try await drop.status].map(\.code).sorted()
            #expect(statuses == [200, 409])
            #expect(try await StockMovementRecord.query(on: app.db).filter(\.$note == "reservation \(contested.id)").count() == 1)
            try await Self.expectSnapshotEqualsReplay(app, programme: made.programme)
        }
    }

    @Test func aTicketIsCheckedAsASaleIs() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app, max: 2, stock: 3)
            let token = try await Fixture.terminal(app, made)
            let before = (try await SaleRecord.query(on: app.db).count(), try await ReservationRecord.query(on: app.db).count())
            let long = try await app.terminalCall(.POST, "\(made.path)/tickets", token: token, json: Self.ticket("t-9", "A123456784", 1, minutes: 4))
            #expect(long.status == .badRequest && long.body.string.contains("minutes"))
            let unknown = try await app.terminalCall(.POST, "\(made.path)/tickets", token: token, json: Self.ticket("t-9", "Z999999999", 1))
            #expect(unknown.status == .badRequest)
            let over = try await app.terminalCall(.POST, "\(made.path)/tickets", token: token, json: Self.ticket("t-9", "A123456784", 3))
            #expect(try over.status == .ok && (try over.json(HoldDTO.self).reservation) == nil)
            #expect(try over.json(HoldDTO.self).decision.reasons.map(\.code) == [.limit])
            #expect(try await ReservationRecord.query(on: app.db).count() == before.1)
            #expect(try await SaleRecord.query(on: app.db).count() == before.0 + 1, "the refusal is kept under its id, as a sale's")
            #expect(try await Self.stock(app, outlet: made.outlet) == (3, 0))
            // The same id for another visit is a conflict.
            #expect(try await app.terminalCall(.POST, "\(made.path)/tickets", token: token, json: Self.ticket("t-9", "A123456784", 1)).status == .conflict)
        }
    }

    /// eMask round 1 (TW-14 … TW-16), at its dates, with the 2020 policies.
    @Test func anEMaskRoundDrawsPubliclyAndForfeitsWhatIsNotCollected() async throws {
        try await withAmity { app async throws in
            let taipei = LocalClock(zone: TimeZone(identifier: "Asia/Taipei")!)
            func local(_ month: Int, _ day: Int, _ hour: Int = 0) -> Date { taipei.instant(of: CivilDay(year: 2020, month: month, day: day), minute: hour * 60) }
            let time = MovingClock(local(3, 12, 10))
            app.clock = time.clock
            let made = try await Fixture.make(app, stock: 0, policies: Programmes2020.taiwan)
            let admin = try await app.credentials(Demo.admin)
            let token = try await Fixture.terminal(app, made)
            let iso = { (date: Date) in date.formatted(.iso8601) }
            let round = #"{"name":"eMask round 1","class":"adult","quantity":3,"cap":3,"opensAt":"\#(iso(local(3, 12, 9)))","closesAt":"\#(iso(local(3, 19)))","pickupFrom":"\#(iso(local(3, 19)))","pickupUntil":"\#(iso(local(4, 2)))"}"#
            let byTerminal = try await app.terminalCall(.POST, "\(made.path)/rounds", token: token, json: round)
            #expect(byTerminal.status == .unauthorized, "\(byTerminal.status) \(byTerminal.body.string)")
            let created = try await app.api(.POST, "\(made.path)/rounds", as: admin, json: round)
            #expect(created.status == .created, "\(created.body.string)")
            let opened = try created.json(RoundDTO.self)
            #expect(opened.state == "open" && opened.seed == nil && opened.seedHash.count == 64 && opened.allocation == "lottery")
            let path = "/api/v1/rationing/rounds/\(opened.id)"

            // TW-14: an odd ID on Thursday 12 March orders without a gate.
            var tickets: [String: String] = [:]
            for (index, document) in Fixture.documents.prefix(6).enumerated() where index != 2 {
                let entry = try await app.terminalCall(.POST, "\(path)/entries", token: token,
                                                       json: #"{"document":"\#(document)","outletId":\#(made.outlet),"renew":\#(index < 2)}"#)
                #expect(entry.status == .created, "\(document): \(entry.body.string)")
                tickets[document] = try entry.json(RoundEntryDTO.self).ticket
            }
            #expect(Set(tickets.values).count == 5 && tickets.values.allSatisfy(PublicLottery.isTicket))
            let twice = try await app.terminalCall(.POST, "\(path)/entries", token: token, json: #"{"document":"A223456781","outletId":\#(made.outlet)}"#)
            // The same person entered twice at once, by two counters: one entry, one ticket.
            let late = #"{"document":"F123456787","outletId":\#(made.outlet)}"#
            async let one = app.terminalCall(.POST, "\(path)/entries", token: token, json: late)
            async let other = app.api(.POST, "\(path)/entries", as: admin, json: late)
            let racing = [try await one, try await other]
            #expect(racing.map(\.status.code).sorted() == [200, 201])
            let raced = Set(try racing.map { try $0.json(RoundEntryDTO.self).ticket })
            #expect(raced.count == 1)
            tickets["F123456787"] = raced.first ?? nil
            #expect(try twice.status == .ok && (try twice.json(RoundEntryDTO.self).ticket) == tickets["A223456781"])
            #expect(try await app.terminalCall(.POST, "\(path)/entries", token: token, json: #"{"document":"Z999999999","outletId":\#(made.outlet)}"#).status == .badRequest)
            // Nothing of who entered is published: before the close, not even the tickets.
            #expect(try await RationingFeedTests.get(app, "\(path)/entries.csv").status == .conflict)
            #expect(try await app.api(.POST, "\(path)/draw", as: admin).status == .conflict)

            // The close: the job draws, makes the winners' orders, and is done.
            time.set(local(3, 19, 1))
            var turns = 0
            while try await ReservationExpiry(app: app).turn() == .worked { turns += 1 }
            #expect(turns == 3)
            let drawn = try await RationingFeedTests.get(app, path).json(RoundDTO.self)
            #expect(drawn.state == "drawn" && drawn.winners == 3 && drawn.entries == 6)
            let seed = try #require(drawn.seed)
            #expect(PublicLottery.commitment(to: seed) == opened.seedHash)

            // TW-16: anyone re-runs the draw from the published files and gets the published winners, exactly the cap.
            let entries = try await RationingFeedTests.get(app, "\(path)/entries.csv").body.string.split(separator: "\n").dropFirst().map(String.init)
            let winners = try await RationingFeedTests.get(app, "\(path)/winners.csv").body.string.split(separator: "\n").dropFirst()
                .map { String($0.split(separator: ",")[1]) }
            #expect(Set(entries) == Set(tickets.values) && winners.count == 3)
            // Read in pages of 2, the tickets come once each, in the order they were recorded.
            #expect(try await Rounds.tickets(of: opened.id, on: app.db.sql, page: 2) == entries && entries.count == 6)
            let check = PublicLottery.check(seed: seed, commitment: opened.seedHash, cap: 3, tickets: entries, published: winners)
            #expect(check.problems.isEmpty && check.winners == winners)

            // Each winner's order: NT$15 + NT$7, held at the outlet chosen, collected from 19 March.
            let orders = try await ReservationRecord.query(on: app.db).filter(\.$roundID == opened.id).all()
            #expect(Set(orders.map(\.number)) == Set(winners) && orders.allSatisfy { $0.state == "held" && $0.kind == "preorder" })
            let order = try await Reservations.dto(try #require(orders.first), on: app.db)
            #expect(order.total == Amount(22) && order.lines.map(\.amount) == [Amount(15)])
            #expect(try await Self.stock(app, outlet: made.outlet) == (0, 9))
            // The round's delivery has not come: nothing to hand over yet; once confirmed, it is.
            #expect(try await app.terminalCall(.POST, "\(made.path)/reservations/\(order.id)/pickup", token: token).status == .conflict)
            let delivery = try await app.api(.POST, "\(made.path)/outlets/\(made.outlet)/deliveries", as: admin, json: #"{"class":"adult","quantity":100}"#)
            let deliveryID = try delivery.json(StockMovementDTO.self).id
            #expect(try await app.terminalCall(.POST, "\(made.path)/outlets/\(made.outlet)/deliveries/\(deliveryID)/confirmation", token: token).status == .ok)
            #expect(try await app.terminalCall(.POST, "\(made.path)/reservations/\(order.id)/pickup", token: token).status == .ok)
            #expect(try await Self.stock(app, outlet: made.outlet) == (97, 6))

            // TW-15: not collected by 1 April, forfeited on the 2nd, the quota and the stock given back.
            time.set(local(4, 2, 0))
            while try await ReservationExpiry(app: app).turn() == .worked {}
            let ended = try await ReservationRecord.query(on: app.db).filter(\.$roundID == opened.id).all()
            #expect(ended.filter { $0.state == "expired" }.count == 2 && ended.filter { $0.state == "completed" }.count == 1)
            #expect(try await Self.stock(app, outlet: made.outlet) == (97, 0))
            for forfeited in ended where forfeited.state == "expired" {
                let lines = try await SaleLineRecord.query(on: app.db).filter(\.$saleID == forfeited.saleID).all()
                #expect(!lines.isEmpty && lines.allSatisfy(\.reversed))
            }
            try await Self.expectSnapshotEqualsReplay(app, programme: made.programme)

            // Renewal: those who asked are entered in the next round at once, under new tickets.
            let next = #"{"name":"eMask round 2","class":"adult","quantity":3,"cap":1000,"opensAt":"\#(iso(local(4, 2)))","closesAt":"\#(iso(local(4, 9)))","pickupFrom":"\#(iso(local(4, 9)))","pickupUntil":"\#(iso(local(4, 23)))","renewalOf":\#(opened.id)}"#
            let renewed = try await app.api(.POST, "\(made.path)/rounds", as: admin, json: next)
            #expect(renewed.status == .created, "\(renewed.body.string)")
            let second = try renewed.json(RoundDTO.self)
            #expect(second.entries == 2)
            let carried = try await RoundEntryRecord.query(on: app.db).filter(\.$roundID == second.id).all().map(\.ticket)
            #expect(Set(carried).isDisjoint(with: tickets.values))
        }
    }

    @Test func roundsRefuseBadInputAndKeepTheirCap() async throws {
        try await withAmity { app async throws in
            let time = MovingClock(Date(timeIntervalSince1970: 1_700_000_000))
            app.clock = time.clock
            let made = try await Fixture.make(app, max: 10, stock: 0)
            let admin = try await app.credentials(Demo.admin)
            let token = try await Fixture.terminal(app, made)
            let now = time.clock.now()
            let iso = { (offset: TimeInterval) in now.addingTimeInterval(offset).formatted(.iso8601) }
            let before = try await RoundRecord.query(on: app.db).count()
            let bad = #"{"name":" ","class":"gold","quantity":0,"cap":0,"allocation":"raffle","opensAt":"\#(iso(60))","closesAt":"\#(iso(0))","pickupFrom":"\#(iso(-60))","pickupUntil":"\#(iso(-120))","payBy":"\#(iso(-3600))","renewalOf":999}"#
            let refused = try await app.api(.POST, "\(made.path)/rounds", as: admin, json: bad)
            #expect(refused.status == .badRequest)
            let fields = Set(try refused.json(ProblemBody.self).errors?.map(\.field) ?? [])
            #expect(fields == ["name", "class", "quantity", "cap", "allocation", "closesAt", "pickupFrom", "pickupUntil", "payBy", "renewalOf"], "\(refused.body.string)")
            #expect(try await RoundRecord.query(on: app.db).count() == before)
            // First come, first served: the cap is the last place.
            let fcfs = #"{"name":"Counter pre-order","class":"adult","quantity":2,"cap":2,"allocation":"fcfs","opensAt":"\#(iso(-60))","closesAt":"\#(iso(3600))","pickupFrom":"\#(iso(3600))","pickupUntil":"\#(iso(7200))","payBy":"\#(iso(5400))"}"#
            let round = try await app.api(.POST, "\(made.path)/rounds", as: admin, json: fcfs).json(RoundDTO.self)
            var statuses: [UInt] = []
            for document in Fixture.documents.prefix(3) {
                statuses.append(try await app.terminalCall(.POST, "/api/v1/rationing/rounds/\(round.id)/entries", token: token,
                                                           json: #"{"document":"\#(document)","outletId":\#(made.outlet)}"#).status.code)
            }
            #expect(statuses == [201, 201, 409])
            // Drawn at the close: both win; unpaid by the payment window, both are forfeited.
            time.advance(3_600)
            while try await ReservationExpiry(app: app).turn() == .worked {}
            let orders = try await ReservationRecord.query(on: app.db).filter(\.$roundID == round.id).all()
            #expect(orders.count == 2 && orders.allSatisfy { $0.payBy != nil })
            let paid = try await app.api(.POST, "\(made.path)/reservations/\(try orders[0].requireID())/payment", as: admin)
            #expect(try paid.status == .ok && (try paid.json(ReservationDTO.self).paidAt) != nil)
            #expect(try await app.api(.POST, "\(made.path)/reservations/\(try orders[0].requireID())/payment", as: admin).status == .conflict)
            time.advance(1_800)
            while try await ReservationExpiry(app: app).turn() == .worked {}
            let states = try await ReservationRecord.query(on: app.db).filter(\.$roundID == round.id).sort(\.$id).all().map(\.state)
            #expect(states == ["held", "expired"])
        }
    }
}
