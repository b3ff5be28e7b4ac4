@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Rationing through the API on a real database: sales committed once, refusals that change
/// nothing, and the invariants of the specification (§5 I1, I2, I4, I5, I6, I8) under concurrency.
@Suite struct RationingTests {
    typealias Fixture = RationingFixture

    @Test func aSaleIsCommittedOnceAndAnsweredAgainForItsID() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app)
            let token = try await Fixture.terminal(app, made)
            let body = Fixture.sale("s-1", outlet: nil, cards: [("A123456784", [("adult", 2)])])
            let first = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: body)
            #expect(first.status == .created, "\(first.body.string)")
            let sale = try first.json(SaleDTO.self)
            #expect(sale.allowed && sale.total == Amount(10) && sale.policyVersion == 1 && sale.outletId == made.outlet)
            let again = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: body)
            #expect(again.status == .ok && again.headers.first(name: "Idempotent-Replay") == "true")
            #expect(again.body.string == first.body.string)
            let other = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("s-1", outlet: nil, cards: [("A123456784", [("adult", 1)])]))
            #expect(other.status == .conflict)
            #expect(try await Fixture.onHand(app, outlet: made.outlet) == 98, "sold once")
            #expect(try await SaleRecord.query(on: app.db).count() == 1)
            // A refusal is an answer too, kept under its id: the quota is spent.
            let refused = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("s-2", outlet: nil, cards: [("A123456784", [("child", 1)])]))
            let denial = try refused.json(SaleDTO.self)
            #expect(refused.status == .ok && !denial.allowed && denial.reasons.map(\.code) == [.limit])
            #expect(denial.sentences == ["2 of 2 (masks) already counted until \(RationWording(catalogue: app.catalogue, language: .english).day(denial.reasons[0].windowEnds!)); 1 more would go over."])
        }
    }

    @Test func badInputNamesTheFieldAndChangesNothing() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app)
            let admin = try await app.credentials(Demo.admin)
            let before = (try await SaleRecord.query(on: app.db).count(), try await Fixture.onHand(app, outlet: made.outlet), try await app.auditCount())
            func fields(_ response: TestingHTTPResponse) throws -> [String] { try response.json(ProblemBody.self).errors?.map(\.field) ?? [] }
            let unknownOutlet = try await app.api(.POST, "\(made.path)/sales", as: admin, json: Fixture.sale("b-1", outlet: 999_999, cards: [("A123456784", [("adult", 1)])]))
            #expect(try unknownOutlet.status == .badRequest && (fields(unknownOutlet)) == ["outletId"])
            let malformed = try await app.api(.POST, "\(made.path)/sales", as: admin, json: Fixture.sale("b-2", outlet: made.outlet, cards: [("A12,34", [("adult", 1)])]))
            #expect(try malformed.status == .badRequest && (fields(malformed)) == ["cards[0].document"])
            let stranger = try await app.api(.POST, "\(made.path)/sales", as: admin, json: Fixture.sale("b-3", outlet: made.outlet, cards: [("Z999999999", [("adult", 1)])]))
            #expect(try (fields(stranger)) == ["cards[0].document"])
            // Refused by the rules' check or by decoding (a string, a number too large, none at all): one way of naming the field.
            for (index, quantity) in ["0", "-1", "9223372036854775807", #""ten""#, "99999999999999999999", "1.5", nil].enumerated() {
                let line = quantity.map { #"{"class":"adult","quantity":\#($0)}"# } ?? #"{"class":"adult"}"#
                let slip = try await app.api(.POST, "\(made.path)/sales", as: admin,
                                             json: #"{"saleId":"q\#(index)","outletId":\#(made.outlet),"cards":[{"document":"A123456784","lines":[\#(line)]}]}"#)
                #expect(try slip.status == .badRequest && fields(slip) == ["cards[0].lines[0].quantity"], "\(quantity ?? "none"): \(slip.body.string)")
            }
            let unborn = try await app.api(.POST, "\(made.path)/people", as: admin, json: #"{"document":"Q123456789","documentType":"nhi","birth":"9999-12-31"}"#)
            #expect(try unborn.status == .badRequest && fields(unborn) == ["birth"])
            let badID = try await app.api(.POST, "\(made.path)/sales", as: admin, json: Fixture.sale("no spaces", outlet: made.outlet, cards: [("A123456784", [("adult", 1)])]))
            #expect(try (fields(badID)) == ["saleId"])
            var zero = Fixture.policy(from: CivilDay(year: 2099, month: 1, day: 1))
            zero.quotas[0].window = .rolling(0)
            let policy = String(decoding: try JSONEncoder().encode(zero), as: UTF8.self)
            let window = try await app.api(.POST, "\(made.path)/policies", as: admin, json: #"{"policy":\#(policy)}"#)
            #expect(try window.status == .badRequest && (fields(window)) == ["policy.quotas[0].window.days"], "\(window.body.string)")
            // Before the programme's first version: no rules in force, so nothing is sold and nothing recorded.
            app.clock = WallClock { Date(timeIntervalSince1970: 1_500_000_000) }
            let early = try await app.api(.POST, "\(made.path)/sales", as: admin, json: Fixture.sale("b-4", outlet: made.outlet, cards: [("A123456784", [("adult", 1)])]))
            #expect(try early.status == .badRequest && (fields(early)) == ["policyVersion"], "\(early.body.string)")
            let after = (try await SaleRecord.query(on: app.db).count(), try await Fixture.onHand(app, outlet: made.outlet), try await app.auditCount())
            #expect(after == before)
        }
    }

    @Test func theQuotaHoldsAcrossOutletsAndInstances() async throws {
        try await withAmityOnAFile { app async throws in
            let made = try await Fixture.make(app)
            let tokens = [try await Fixture.terminal(app, made), try await Fixture.terminal(app, made, outlet: made.otherOutlet)]
            try await withSecondInstance(of: app) { second async throws in
                let statuses = try await RaceTests.race(app, second) { instance, i in
                    let response = try await instance.terminalCall(.POST, "\(made.path)/sales", token: tokens[i % 2],
                                                                   json: Fixture.sale("q-\(i)", outlet: nil, cards: [("A123456784", [(i % 3 == 0 ? "child" : "adult", 1)])]))
                    return response.status.code
                }
                #expect(statuses.filter { $0 == 201 }.count == 2, "exactly the limit of 2 sold: \(statuses)")
                #expect(statuses.allSatisfy { $0 == 201 || $0 == 200 }, "\(statuses)")
            }
            let sold = try await SaleLineRecord.query(on: app.db).all().reduce(0) { $0 + $1.quantity }
            #expect(sold == 2)
        }
    }

    @Test func concurrentSalesTakeExactlyTheStockThereIs() async throws {
        try await withAmityOnAFile { app async throws in
            let made = try await Fixture.make(app, stock: 5)
            let token = try await Fixture.terminal(app, made)
            try await withSecondInstance(of: app) { second async throws in
                let statuses = try await RaceTests.race(app, second) { instance, i in
                    let document = Fixture.documents[i % Fixture.documents.count]
                    return try await instance.terminalCall(.POST, "\(made.path)/sales", token: token,
                                                           json: Fixture.sale("st-\(i)", outlet: nil, cards: [(document, [("adult", 1)])])).status.code
                }
                #expect(statuses.filter { $0 == 201 }.count == 5, "min(stock 5, demand 16): \(statuses)")
            }
            #expect(try await Fixture.onHand(app, outlet: made.outlet) == 0)
            let denials = try await SaleRecord.query(on: app.db).filter(\.$allowed == false).all()
            #expect(denials.allSatisfy { $0.decision.contains("noStock") || $0.decision.contains("\"limit\"") })
        }
    }

    @Test func salesCommittedTogetherAreEachDecidedAfterTheOnesBefore() async throws {
        try await withAmityOnAFile { app async throws in
            let made = try await Fixture.make(app)
            let token = try await Fixture.terminal(app, made)
            let statuses = try await withThrowingTaskGroup(of: (Int, UInt).self) { group in
                for i in 0..<64 {
                    group.addTask {
                        let document = Fixture.documents[i % Fixture.documents.count]
                        let body = switch i % 4 {
                        case 0: Fixture.sale("same", outlet: nil, cards: [("A123456784", [("adult", 1)])])
                        case 1: #"{"saleId":"v-\#(i)","policyVersion":9,"cards":[{"document":"\#(document)","lines":[{"class":"adult","quantity":1}]}]}"#
                        default: Fixture.sale("b-\(i)", outlet: nil, cards: [(document, [("adult", 1)])])
                        }
                        return (i, try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: body).status.code)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(app.saleQueue.largestGroup > 1, "concurrent sales were committed together")
            #expect(statuses.filter { $0.key % 4 == 1 }.allSatisfy { $0.value == 400 }, "a wrong version is refused alone: \(statuses)")
            #expect(statuses.filter { $0.key % 4 != 1 }.allSatisfy { $0.value == 200 || $0.value == 201 }, "\(statuses)")
            #expect(try await SaleRecord.query(on: app.db).filter(\.$clientID == "same").count() == 1)
            #expect(try await SaleRecord.query(on: app.db).filter(\.$clientID ~~ (0..<64).map { "v-\($0)" }).count() == 0)
            var sold: [Int: Int] = [:]
            for line in try await SaleLineRecord.query(on: app.db).all() { sold[line.personID, default: 0] += line.quantity }
            #expect(sold.values.allSatisfy { $0 <= 2 } && sold.values.reduce(0, +) > 0, "nobody above the limit of 2: \(sold)")
            #expect(try await Fixture.onHand(app, outlet: made.outlet) == 100 - sold.values.reduce(0, +))
        }
    }

    @Test func aProxyVisitSellsAllItsLinesOrNone() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app)
            let admin = try await app.credentials(Demo.admin)
            _ = try await app.api(.POST, "\(made.path)/sales", as: admin, json: Fixture.sale("p-0", outlet: made.outlet, cards: [("C123456780", [("adult", 2)])]))
            let before = try await Fixture.onHand(app, outlet: made.outlet)
            let visit = Fixture.sale("p-1", outlet: made.outlet, cards: [("A123456784", [("adult", 2)]), ("B123456786", [("child", 1)]), ("C123456780", [("adult", 1)])],
                                     holder: "A123456784")
            let refused = try await app.api(.POST, "\(made.path)/sales", as: admin, json: visit).json(SaleDTO.self)
            #expect(!refused.allowed && refused.reasons.map(\.code) == [.limit] && refused.reasons[0].card == 2)
            #expect(try await Fixture.onHand(app, outlet: made.outlet) == before, "no line of a refused visit sold")
            #expect(try await SaleLineRecord.query(on: app.db).count() == 1)
            let allowed = try await app.api(.POST, "\(made.path)/sales", as: admin,
                                            json: Fixture.sale("p-2", outlet: made.outlet, cards: [("A123456784", [("adult", 2)]), ("B123456786", [("child", 1)])], holder: "A123456784"))
            #expect(allowed.status == .created)
            #expect(try await SaleLineRecord.query(on: app.db).count() == 3)
            #expect(try await Fixture.onHand(app, outlet: made.outlet) == before - 2)
            #expect(try await Fixture.onHand(app, outlet: made.outlet, "child") == 99)
        }
    }

    @Test func receiptsLessSalesAndAdjustmentsAreWhatIsOnHand() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app, max: 5, stock: 0)
            let admin = try await app.credentials(Demo.admin)
            let token = try await Fixture.terminal(app, made)
            let delivery = try await app.api(.POST, "\(made.path)/outlets/\(made.outlet)/deliveries", as: admin, json: #"{"class":"adult","quantity":40}"#).json(StockMovementDTO.self)
            // Not sellable until the outlet confirms it.
            let early = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("c-0", outlet: nil, cards: [("A123456784", [("adult", 1)])])).json(SaleDTO.self)
            #expect(early.reasons.map(\.code) == [.noStock])
            #expect(try await app.terminalCall(.POST, "\(made.path)/outlets/\(made.outlet)/deliveries/\(delivery.id)/confirmation", token: token).status == .ok)
            #expect(try await app.terminalCall(.POST, "\(made.path)/outlets/\(made.outlet)/deliveries/\(delivery.id)/confirmation", token: token).status == .conflict)
            for (i, document) in Fixture.documents.enumerated() {
                _ = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("c-\(i + 1)", outlet: nil, cards: [(document, [("adult", 3)])]))
            }
            let unexplained = try await app.terminalCall(.POST, "\(made.path)/sales/c-2/reversal", token: token, json: #"{"reason":"x"}"#)
            #expect(unexplained.status == .badRequest && unexplained.body.string.contains("Say why the sale is reversed, in 3 to 1,000 characters"), "\(unexplained.body.string)")
            let reversed = try await app.terminalCall(.POST, "\(made.path)/sales/c-2/reversal", token: token, json: #"{"reason":"Sold to the wrong card."}"#)
            #expect(try reversed.status == .ok && (reversed.json(SaleDTO.self)).reversedAt != nil)
            #expect(try await app.terminalCall(.POST, "\(made.path)/sales/c-2/reversal", token: token, json: #"{"reason":"Again."}"#).status == .conflict)
            #expect(try await app.api(.POST, "\(made.path)/outlets/\(made.outlet)/adjustments", as: admin, json: #"{"class":"adult","quantity":4,"note":"Water damage"}"#).status == .created)
            #expect(try await app.api(.POST, "\(made.path)/outlets/\(made.outlet)/adjustments", as: admin, json: #"{"class":"adult","quantity":400,"note":"Too many"}"#).status == .badRequest)
            let receipts = try await StockMovementRecord.query(on: app.db).filter(\.$outletID == made.outlet).filter(\.$kind == "delivery").filter(\.$confirmedAt != nil)
                .filter(\.$class == "adult").all().reduce(0) { $0 + $1.quantity }
            let adjustments = try await StockMovementRecord.query(on: app.db).filter(\.$outletID == made.outlet).filter(\.$kind == "adjustment").all().reduce(0) { $0 + $1.quantity }
            let sales = try await SaleLineRecord.query(on: app.db).filter(\.$reversed == false).filter(\.$class == "adult").all().reduce(0) { $0 + $1.quantity }
            let onHand = try await Fixture.onHand(app, outlet: made.outlet)
            #expect(receipts == 40 && sales == 21 && adjustments == 4)
            #expect(receipts - sales - adjustments == onHand)
            // The reversed sale's quota came back.
            #expect(try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("c-9", outlet: nil, cards: [(Fixture.documents[1], [("adult", 5)])])).status == .created)
        }
    }

    @Test func eachDecisionRecordsTheVersionInForceAtCommit() async throws {
        try await withAmity { app async throws in
            let switchDay = CivilDay(year: 2026, month: 6, day: 1)
            let made = try await Fixture.make(app, policies: [Fixture.policy(max: 2), Fixture.policy(max: 4, from: switchDay, version: 2)])
            let admin = try await app.credentials(Demo.admin)
            let taipei = LocalClock(zone: TimeZone(identifier: "Asia/Taipei")!)
            let start = taipei.instant(of: switchDay, minute: 0)
            app.clock = WallClock { start.addingTimeInterval(-1) }
            let before = try await app.api(.POST, "\(made.path)/sales", as: admin, json: Fixture.sale("v-1", outlet: made.outlet, cards: [("A123456784", [("adult", 1)])])).json(SaleDTO.self)
            app.clock = WallClock { start.addingTimeInterval(1) }
            let after = try await app.api(.POST, "\(made.path)/sales", as: admin, json: Fixture.sale("v-2", outlet: made.outlet, cards: [("A223456781", [("adult", 3)])])).json(SaleDTO.self)
            #expect(before.policyVersion == 1 && after.policyVersion == 2 && after.allowed)
            let versions = try await SaleRecord.query(on: app.db).sort(\.$id).all().map(\.policyVersion)
            #expect(versions == [1, 2])
            let stale = try await app.api(.POST, "\(made.path)/sales", as: admin,
                                          json: #"{"saleId":"v-3","outletId":\#(made.outlet),"policyVersion":1,"cards":[{"document":"C123456780","lines":[{"class":"adult","quantity":1}]}]}"#)
            #expect(try stale.status == .badRequest && (stale.json(ProblemBody.self)).errors?.first?.field == "policyVersion")
        }
    }

    /// Instances keep programmes and their rules in memory; a version added on another instance
    /// still decides the next sale here once it is in force, because each batch reads the revision.
    @Test func aVersionAddedOnAnotherInstanceDecidesTheNextSaleHere() async throws {
        try await withAmityOnAFile { app async throws in
            let made = try await Fixture.make(app)
            let token = try await Fixture.terminal(app, made)
            let admin = try await app.credentials(Demo.admin)
            let taipei = LocalClock(zone: TimeZone(identifier: "Asia/Taipei")!)
            let switchDay = CivilDay(year: 2026, month: 6, day: 1)
            let start = taipei.instant(of: switchDay, minute: 0)
            try await withSecondInstance(of: app) { second async throws in
                for instance in [app, second] { instance.clock = WallClock { start.addingTimeInterval(-86_400) } }
                let first = try await app.terminalCall(.POST, "\(made.path)/sales", token: token,
                                                       json: Fixture.sale("x-1", outlet: nil, cards: [("A123456784", [("adult", 1)])])).json(SaleDTO.self)
                #expect(first.policyVersion == 1)
                let policy = String(decoding: try JSONEncoder().encode(Fixture.policy(max: 4, from: switchDay, version: 2)), as: UTF8.self)
                #expect(try await second.api(.POST, "\(made.path)/policies", as: admin, json: #"{"policy":\#(policy)}"#).status == .created)
                for instance in [app, second] { instance.clock = WallClock { start.addingTimeInterval(60) } }
                let next = try await app.terminalCall(.POST, "\(made.path)/sales", token: token,
                                                      json: Fixture.sale("x-2", outlet: nil, cards: [("A223456781", [("adult", 3)])])).json(SaleDTO.self)
                #expect(next.policyVersion == 2 && next.allowed, "decided under the version added elsewhere: \(next)")
            }
        }
    }

    @Test func terminalsSellAtTheirOutletOnlyAndAreCapped() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app)
            let token = try await Fixture.terminal(app, made)
            _ = try await Fixture.terminal(app, made)
            let admin = try await app.credentials(Demo.admin)
            let third = try await app.api(.POST, "\(made.path)/outlets/\(made.outlet)/terminals", as: admin, json: #"{"name":"Counter 3"}"#)
            #expect(third.status == .conflict, "two terminals per outlet by default")
            let elsewhere = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("t-1", outlet: made.otherOutlet, cards: [("A123456784", [("adult", 1)])]))
            #expect(elsewhere.status == .forbidden)
            #expect(try await app.terminalCall(.POST, "/api/v1/needs", token: token, json: #"{"cityId":1668399}"#).status == .unauthorized)
            let managerOnly = try await app.terminalCall(.POST, "\(made.path)/outlets", token: token, json: #"{"code":"x"}"#)
            #expect(managerOnly.status == .unauthorized)
            #expect(managerOnly.body.string.contains("an outlet terminal's token"), "a terminal is told it is one, not asked for a token it sent: \(managerOnly.body.string)")
            let terminals = try await app.api(.GET, "\(made.path)/outlets/\(made.outlet)/terminals", as: admin).json([TerminalDTO].self)
            _ = try await app.api(.DELETE, "\(made.path)/outlets/\(made.outlet)/terminals/\(terminals[0].id)", as: admin)
            #expect(try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("t-2", outlet: nil, cards: [("A123456784", [("adult", 1)])])).status == .unauthorized)
        }
    }

    /// Another instance's revocation reaches this one's roster of terminals only later (a second; an
    /// hour here, so the roster surely still trusts the terminal); what the terminal writes meanwhile
    /// is checked in its transaction, and refused. A revocation on this instance counts at once.
    @Test func aTerminalRevokedElsewhereWritesNothingMore() async throws {
        try await withAmity { app async throws in
            app.terminalRoster = TerminalRoster(freshness: .seconds(3600))
            let made = try await Fixture.make(app)
            let token = try await Fixture.terminal(app, made)
            let sold = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("r-1", outlet: nil, cards: [("A123456784", [("adult", 1)])]))
            #expect(sold.status == .created, "the terminal is let in, from the roster")
            let before = try await app.db.sql.raw("SELECT count(*) AS n FROM \(ident: SaleRecord.schema)").first(decoding: Count.self)?.n
            // As another instance revokes, and before this one's roster asks again: in the database only.
            try await app.db.sql.raw("UPDATE \(ident: TerminalRecord.schema) SET revoked_at = \(bind: Date())").run()
            let sale = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("r-2", outlet: nil, cards: [("A223456781", [("adult", 1)])]))
            #expect(sale.status == .unauthorized, "\(sale.status) \(sale.body.string)")
            let reversal = try await app.terminalCall(.POST, "\(made.path)/sales/r-1/reversal", token: token, json: #"{"reason":"Sold by mistake"}"#)
            #expect(reversal.status == .unauthorized, "\(reversal.status) \(reversal.body.string)")
            let people = try await RegisteredPersonRecord.query(on: app.db).count()
            let registration = try await app.terminalCall(.POST, "\(made.path)/people", token: token, json: #"{"document":"Q123456789","documentType":"nhi","birth":"1990-02-03"}"#)
            #expect(registration.status == .unauthorized, "\(registration.status) \(registration.body.string)")
            #expect(try await RegisteredPersonRecord.query(on: app.db).count() == people)
            #expect(try await app.db.sql.raw("SELECT count(*) AS n FROM \(ident: SaleRecord.schema)").first(decoding: Count.self)?.n == before)
            #expect(try await app.db.sql.raw("SELECT count(*) AS n FROM \(ident: SaleRecord.schema) WHERE reversed_at IS NOT NULL").first(decoding: Count.self)?.n == 0)

            let other = try await Fixture.terminal(app, made)
            #expect(try await app.terminalCall(.GET, "\(made.path)/sales/r-1", token: other).status == .ok)
            let admin = try await app.credentials(Demo.admin)
            let live = try await app.api(.GET, "\(made.path)/outlets/\(made.outlet)/terminals", as: admin).json([TerminalDTO].self).filter { $0.revokedAt == nil }
            #expect(try await app.api(.DELETE, "\(made.path)/outlets/\(made.outlet)/terminals/\(try #require(live.first).id)", as: admin).status == .ok)
            #expect(try await app.terminalCall(.GET, "\(made.path)/sales/r-1", token: other).status == .unauthorized, "revoked here: forgotten at once")
        }
    }

    private struct Count: Decodable { var n: Int }

    @Test func documentNumbersAreNeverStored() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app)
            let admin = try await app.credentials(Demo.admin)
            let registered = try await app.api(.POST, "\(made.path)/people", as: admin, json: #"{"document":"q 98765-4321","documentType":"arc","birth":"1990-02-03","district":"Taichung"}"#)
            #expect(registered.status == .created && !registered.body.string.contains("9876"))
            #expect(try await app.api(.POST, "\(made.path)/people", as: admin, json: #"{"document":"Q987654321","documentType":"arc","birth":"1990-02-03"}"#).status == .ok, "the same number, normalized")
            var everything = ""
            for table in [RegisteredPersonRecord.schema, SaleRecord.schema, "audit_entries"] {
                for row in try await app.db.sql.raw("SELECT * FROM \(ident: table)").all() {
                    for column in row.allColumns { everything += ((try? row.decode(column: column, as: String?.self)) ?? nil) ?? "" }
                }
            }
            #expect(!everything.contains("987654321") && !everything.contains("A123456784"))
        }
    }

    @Test func entitlementTellsOnlyTheHolder() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app)
            let admin = try await app.credentials(Demo.admin)
            _ = try await app.api(.POST, "\(made.path)/sales", as: admin, json: Fixture.sale("e-1", outlet: made.outlet, cards: [("A123456784", [("adult", 1)])]))
            let mine = try await app.api(.POST, "\(made.path)/entitlement", json: #"{"document":"A123456784","birth":"1980-01-01"}"#)
            #expect(mine.status == .ok, "\(mine.body.string)")
            let answer = try mine.json(EntitlementDTO.self)
            #expect(answer.entitlements.first?.pools.first?.remaining == 1 && answer.openDays.count == 7)
            let wrongBirth = try await app.api(.POST, "\(made.path)/entitlement", json: #"{"document":"A123456784","birth":"1981-01-01"}"#)
            let unknown = try await app.api(.POST, "\(made.path)/entitlement", json: #"{"document":"Z999999999","birth":"1980-01-01"}"#)
            #expect(wrongBirth.status == .badRequest && wrongBirth.body.string == unknown.body.string)
            #expect(try await app.api(.POST, "\(made.path)/entitlement", json: #"{"document":"A123456784","birth":"1980"}"#).status == .badRequest,
                    "a full registered date must be given in full")
            var last = HTTPStatus.ok
            for _ in 0..<30 { last = try await app.api(.POST, "\(made.path)/entitlement", json: #"{"document":"Z999999999","birth":"1980-01-01"}"#).status }
            #expect(last == .tooManyRequests)
        }
    }

    @Test func questionsAskedTogetherEachGetTheirOwnAnswer() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app)
            let admin = try await app.credentials(Demo.admin)
            let bought = [0, 1, 0, 2, 1, 0, 2, 1]
            for (index, quantity) in bought.enumerated() where quantity > 0 {
                let sale = try await app.api(.POST, "\(made.path)/sales", as: admin,
                                             json: Fixture.sale("g-\(index)", outlet: made.outlet, cards: [(Fixture.documents[index], [("adult", quantity)])]))
                #expect(sale.status == .created, "\(sale.body.string)")
            }
            // Each person with the right birth date, then a wrong one, then a number nobody holds: 24 at once.
            let answers = try await withThrowingTaskGroup(of: (Int, HTTPStatus, String).self) { group in
                for question in 0..<24 {
                    group.addTask {
                        let index = question % 8
                        let birth = index == 2 ? "2012-03-09" : "1980-01-0\(index + 1)"
                        let body = switch question / 8 {
                        case 0: #"{"document":"\#(Fixture.documents[index])","birth":"\#(birth)"}"#
                        case 1: #"{"document":"\#(Fixture.documents[index])","birth":"1999-12-31"}"#
                        default: #"{"document":"Z99999999\#(index)","birth":"\#(birth)"}"#
                        }
                        let response = try await app.api(.POST, "\(made.path)/entitlement", json: body)
                        return (question, response.status, response.body.string)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = ($1.1, $1.2) }
            }
            for index in 0..<8 where index != 2 {
                let (status, body) = answers[index]!
                #expect(status == .ok, "\(body)")
                let dto = try JSONDecoder().decode(EntitlementDTO.self, from: Data(body.utf8))
                #expect(dto.entitlements.first?.pools.first?.remaining == 2 - bought[index], "person \(index): \(body)")
            }
            #expect(answers[2]?.0 == .ok)
            let refusal = answers[16]!.1
            #expect((8..<24).allSatisfy { answers[$0]?.0 == .badRequest && answers[$0]?.1 == refusal }, "wrong birth and unknown number read alike")
            #expect(app.rationingReads.person.largestGroup > 1, "questions asked together were read together")
        }
    }

    @Test func policyVersionsAreScheduledTriedAndNeverRewritten() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app)
            let own = try await app.credentials(Demo.taichung)
            let next = String(decoding: try JSONEncoder().encode(Fixture.policy(max: 5, from: CivilDay(year: 2099, month: 1, day: 1))), as: UTF8.self)
            let person = #"{"key":"p","document":"nhi","birth":"1980","flags":[]}"#
            let cases = #"[{"name":"five at once","at":"2099-01-02T02:00:00Z","holder":\#(person),"cards":[{"person":\#(person),"lines":[{"class":"adult","quantity":5}]}],"expect":"allow"},"# +
                #"{"name":"six is too many","at":"2099-01-02T02:00:00Z","holder":\#(person),"cards":[{"person":\#(person),"lines":[{"class":"adult","quantity":6}]}],"expect":"deny","reasons":["limit"]}]"#
            let dry = try await app.api(.POST, "\(made.path)/policies/dry-run", as: own, json: #"{"policy":\#(next),"cases":\#(cases)}"#)
            #expect(try dry.status == .ok && (dry.json(DryRunDTO.self)).passed, "\(dry.body.string)")
            let failing = cases.replacingOccurrences(of: #""expect":"allow""#, with: #""expect":"deny""#)
            let refused = try await app.api(.POST, "\(made.path)/policies", as: own, json: #"{"policy":\#(next),"cases":\#(failing)}"#)
            #expect(try refused.status == .badRequest && (refused.json(ProblemBody.self)).errors?.first?.field == "cases[0]")
            let added = try await app.api(.POST, "\(made.path)/policies", as: own, json: #"{"policy":\#(next),"cases":\#(cases)}"#)
            #expect(added.status == .created, "\(added.body.string)")
            let past = String(decoding: try JSONEncoder().encode(Fixture.policy(from: CivilDay(year: 2021, month: 1, day: 1))), as: UTF8.self)
            let rewrite = try await app.api(.POST, "\(made.path)/policies", as: own, json: #"{"policy":\#(past)}"#)
            #expect(try (rewrite.json(ProblemBody.self)).errors?.first?.field == "policy.effectiveFrom")
            let versions = try await app.api(.GET, "\(made.path)/policies").json([PolicyVersionDTO].self)
            #expect(versions.map(\.state) == ["inForce", "scheduled"] && versions.map(\.version) == [1, 2])
            #expect(try await app.api(.DELETE, "\(made.path)/policies/1", as: own).status == .conflict)
            #expect(try await app.api(.DELETE, "\(made.path)/policies/2", as: own).status == .noContent)
            let other = try await app.credentials(Demo.newTaipei)
            #expect(try await app.api(.POST, "\(made.path)/policies", as: other, json: #"{"policy":\#(next)}"#).status == .forbidden)
        }
    }

    @Test func managersAreVerifiedByTheProgrammesCity() async throws {
        try await withAmity { app async throws in
            let made = try await Fixture.make(app)
            let reader = try await app.credentials(Demo.reader)
            let outlet = #"{"code":"0200000009","name":"Pharmacy 9","address":"Taichung"}"#
            #expect(try await app.api(.POST, "\(made.path)/outlets", as: reader, json: outlet).status == .forbidden)
            let asked = try await app.api(.POST, "/api/v1/role-requests", as: reader, json: #"{"role":"manager","programmeId":\#(made.programme),"title":"Pharmacist"}"#)
            #expect(asked.status == .created, "\(asked.body.string)")
            let request = try asked.json(RoleRequestDTO.self)
            let other = try await app.credentials(Demo.newTaipei)
            #expect(try await app.api(.POST, "/api/v1/role-requests/\(request.id)/verify", as: other, json: "{}").status == .forbidden)
            let own = try await app.credentials(Demo.taichung)
            #expect(try await app.api(.POST, "/api/v1/role-requests/\(request.id)/verify", as: own, json: "{}").status == .ok)
            #expect(try await app.api(.POST, "\(made.path)/outlets", as: reader, json: outlet).status == .created)
            #expect(try await app.api(.GET, "\(made.path)/outlets").json([OutletDTO].self).count == 3)
        }
    }

    @Test func theDemoHoldsBothProgrammesAndHidesItsTestOutlet() async throws {
        try await withAmity { app async throws in
            let programmes = try await app.api(.GET, "/api/v1/rationing/programmes").json([ProgrammeDTO].self)
            #expect(programmes.map(\.versions) == [9, 5])
            #expect(programmes.map(\.versionInForce) == [9, nil], "Taiwan's last version stays; Korea's ended on 12 July 2020")
            let taiwan = "/api/v1/rationing/programmes/\(programmes[0].id)"
            let outlets = try await app.api(.GET, "\(taiwan)/outlets").json([OutletDTO].self)
            #expect(outlets.count == 24 && !outlets.contains { $0.test || $0.name.contains("虛擬") })
            #expect(outlets.allSatisfy { $0.code.hasPrefix("0") && $0.code.count == 10 && $0.note.contains("Illustrative") })
            let manager = try await app.credentials("manager@masks.example")
            #expect(try await app.api(.GET, "\(taiwan)/outlets", as: manager).json([OutletDTO].self).count == 25)
            let policies = try await app.api(.GET, "\(taiwan)/policies").json([PolicyVersionDTO].self)
            #expect(policies.first?.policy == Programmes2020.taiwan[0])
            // The demo's resident checks her entitlement under the version in force.
            let mine = try await app.api(.POST, "\(taiwan)/entitlement", json: #"{"document":"A123456784","birth":"1976-05-14"}"#).json(EntitlementDTO.self)
            #expect(mine.policyVersion == 9 && mine.entitlements.first?.pools.first?.remaining == 10)
        }
    }
}
