@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct AidTests {
    /// Taichung's officer posts an offer; Cincinnati's posts a need.
    /// Takes the demo's open needs and offers (and its plan) off the board, for a test that plans
    /// and counts only what it posts itself.
    static func clearBoard(_ app: Application) async throws {
        try await PlanLineRecord.query(on: app.db).delete()
        try await PlanRecord.query(on: app.db).delete()
        try await NeedRecord.query(on: app.db).delete()
        try await OfferRecord.query(on: app.db).delete()
    }

    /// On a cleared board, Taichung's offer and Cincinnati's need of one item.
    static func offerAndNeed(_ app: Application, item: String = "sanitised-water", quantity: Int64 = 2_000, partnersOnly: Bool = false)
        async throws -> (offer: Int, need: Int, taichung: Credentials, cincinnati: Credentials) {
        try await clearBoard(app)
        let taichung = try await app.credentials(Demo.taichung), cincinnati = try await app.credentials(Demo.cincinnati)
        var offer = 0, need = 0
        try await app.api(.POST, "/api/v1/offers", as: taichung,
                          json: #"{"cityId":1668399,"item":"\#(item)","quantity":\#(quantity),"partnersOnly":\#(partnersOnly)}"#) { res async throws in
            #expect(res.status == .created)
            offer = try res.json(OfferDTO.self).id
        }
        try await app.api(.POST, "/api/v1/needs", as: cincinnati, json: #"{"cityId":4508722,"item":"\#(item)","quantity":1500,"urgency":4}"#) { res async throws in
            #expect(res.status == .created)
            need = try res.json(NeedDTO.self).id
        }
        return (offer, need, taichung, cincinnati)
    }

    @Test func aPledgeGoesFromPromiseToReceipt() async throws {
        try await withAmity { app async throws in
            let (offer, need, taichung, cincinnati) = try await Self.offerAndNeed(app)
            var id = 0
            try await app.api(.POST, "/api/v1/pledges", as: taichung, json: #"{"offerId":\#(offer),"needId":\#(need),"quantity":1200}"#) { res async throws in
                #expect(res.status == .created)
                let pledge = try res.json(PledgeDTO.self)
                #expect(pledge.status == .tentative && pledge.recipient.name == "Cincinnati")
                id = pledge.id
            }
            try await app.api(.GET, "/api/v1/offers/\(offer)") { res async throws in #expect(try res.json(OfferDTO.self).available == 800) }
            // Steps out of turn or by the wrong side are refused and change nothing.
            try await app.api(.POST, "/api/v1/pledges/\(id)/ship", as: taichung, json: #"{"mode":"air"}"#) { res async throws in #expect(res.status == .conflict) }
            try await app.api(.POST, "/api/v1/pledges/\(id)/confirm", as: taichung) { res async throws in #expect(res.status == .forbidden) }
            try await app.api(.POST, "/api/v1/pledges/\(id)/confirm", as: cincinnati) { res async throws in #expect(try res.json(PledgeDTO.self).status == .confirmed) }
            try await app.api(.POST, "/api/v1/pledges/\(id)/confirm", as: cincinnati) { res async throws in #expect(res.status == .conflict) }
            try await app.api(.POST, "/api/v1/pledges/\(id)/ship", as: taichung, json: #"{"waybill":"CI-5102","mode":"air","customsStep":"cleared in Taoyuan"}"#) { res async throws in
                #expect(try res.json(PledgeDTO.self).status == .shipped)
            }
            // Partial deliveries; never more than was shipped.
            try await app.api(.POST, "/api/v1/pledges/\(id)/deliver", as: cincinnati, json: #"{"received":700}"#) { res async throws in
                let pledge = try res.json(PledgeDTO.self)
                #expect(pledge.status == .shipped && pledge.received == 700)
            }
            try await app.api(.POST, "/api/v1/pledges/\(id)/deliver", as: cincinnati, json: #"{"received":600}"#) { res async throws in
                #expect(res.status == .badRequest)
            }
            try await app.api(.POST, "/api/v1/pledges/\(id)/deliver", as: cincinnati, json: #"{"received":500}"#) { res async throws in
                #expect(try res.json(PledgeDTO.self).status == .delivered)
            }
            try await app.api(.POST, "/api/v1/pledges/\(id)/close", as: taichung) { res async throws in #expect(try res.json(PledgeDTO.self).status == .closed) }
            try await app.api(.GET, "/api/v1/ledger?limit=100") { res async throws in
                let ledger = try res.json(CursorPage<PledgeDTO>.self).items
                #expect(ledger.first?.id == id)
                // The paper's flows are there too: Suao's 3,200 masks for Ishigaki. Shenzhen's 270,000 are a
                // sourced fact, since no source names who received them; Beijing's gifts were only announced.
                #expect(ledger.contains { $0.donor.name == "Suao" && $0.recipient.name == "Ishigaki" && $0.quantity == 3_200 })
                #expect(!ledger.contains { $0.donor.name == "Shenzhen" || $0.donor.name == "Beijing" })
            }
            try await app.testing().test(.GET, "/ledger.csv") { res async throws in
                let lines = res.body.string.split(separator: "\r\n")
                #expect(lines[1].hasPrefix("#meta+id,#loc+name+origin,#country+code+v_iso2+origin,#loc+name+dest"))
                #expect(lines[2].contains("Taichung,TW,Cincinnati,US,sanitised-water,1200,1200,closed"))
            }
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "pledge").count() == 6)
        }
    }

    @Test func overPledgingIsRefusedAndCancellingReleasesSupply() async throws {
        try await withAmity { app async throws in
            let (offer, need, taichung, _) = try await Self.offerAndNeed(app)
            try await app.api(.POST, "/api/v1/pledges", as: taichung, json: #"{"offerId":\#(offer),"needId":\#(need),"quantity":2001}"#) { res async throws in
                #expect(res.status == .conflict)
                #expect(try res.json(ProblemBody.self).detail?.contains("only 2000 left") == true)
            }
            var id = 0
            try await app.api(.POST, "/api/v1/pledges", as: taichung, json: #"{"offerId":\#(offer),"needId":\#(need),"quantity":2000}"#) { res async throws in
                id = try res.json(PledgeDTO.self).id
            }
            try await app.api(.POST, "/api/v1/pledges", as: taichung, json: #"{"offerId":\#(offer),"recipientCityId":12908892,"quantity":1}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            try await app.api(.POST, "/api/v1/pledges/\(id)/cancel", as: taichung, json: "{}") { res async throws in #expect(res.status == .badRequest) }
            try await app.api(.POST, "/api/v1/pledges/\(id)/cancel", as: taichung, json: #"{"reason":"The flight was cancelled."}"#) { res async throws in
                #expect(try res.json(PledgeDTO.self).status == .cancelled)
            }
            try await app.api(.GET, "/api/v1/offers/\(offer)") { res async throws in #expect(try res.json(OfferDTO.self).available == 2_000) }
        }
    }

    @Test func concurrentPledgesNeverOverCommitAnOffer() async throws {
        try await withAmity { app async throws in
            let (offer, _, taichung, _) = try await Self.offerAndNeed(app, quantity: 1_000)
            // 12 officers' requests at once for 100 each: exactly 10 can be held.
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await app.api(.POST, "/api/v1/pledges", as: taichung,
                                          json: #"{"offerId":\#(offer),"recipientCityId":4508722,"quantity":100}"#).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 10, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == 2, "\(statuses)")
            let row = try #require(try await OfferRecord.find(offer, on: app.db))
            #expect(row.committed == 1_000)
            #expect(try await PledgeRecord.query(on: app.db).filter(\.$offerID == offer).count() == 10)
        }
    }

    @Test func aBannedItemIsRefusedNamingTheRuleAndWhatCouldGoInstead() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin)
            try await app.api(.POST, "/api/v1/rules", as: admin, json: #"""
                {"country":"TW","item":"mask-surgical-adult","kind":"centrally-controlled","from":"2020-01-24T00:00:00Z",
                 "title":"Taiwan's central government controls all masks","source":"https://ampheros.com/the-mask-distribution-program-in-taiwan/"}
                """#) { res async throws in #expect(res.status == .created) }
            let (masks, need, taichung, _) = try await Self.offerAndNeed(app, item: "mask-surgical-adult", quantity: 50_000)
            try await app.api(.POST, "/api/v1/offers", as: taichung, json: #"{"cityId":1668399,"item":"sanitised-water","quantity":2000}"#)
            try await app.api(.POST, "/api/v1/offers", as: taichung, json: #"{"cityId":1668399,"item":"expert-advice","quantity":10}"#)
            try await app.api(.POST, "/api/v1/pledges", as: taichung, json: #"{"offerId":\#(masks),"needId":\#(need),"quantity":1000}"#) { res async throws in
                #expect(res.status == .conflict)
                let detail = try res.json(ProblemBody.self).detail ?? ""
                #expect(detail.contains("Taiwan's central government controls all masks"))
                #expect(detail.contains("sanitised-water (2000 available") && detail.contains("expert-advice (10 available"))
                #expect(!detail.contains("mask-surgical-adult (50000"))
            }
            #expect(try await PledgeRecord.query(on: app.db).filter(\.$offerID == masks).count() == 0)
            #expect(try await OfferRecord.find(masks, on: app.db)?.committed == 0)
        }
    }

    @Test func aRulesExceptionLetsExactlyTheGrantedQuantityThrough() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin)
            var rule = 0
            try await app.api(.POST, "/api/v1/rules", as: admin, json: #"""
                {"country":"TW","item":"mask-surgical-adult","kind":"centrally-controlled","from":"2020-01-24T00:00:00Z","title":"Taiwan controls all masks"}
                """#) { res async throws in rule = try res.json(RuleDTO.self).id }
            let (masks, need, taichung, _) = try await Self.offerAndNeed(app, item: "mask-surgical-adult", quantity: 50_000)
            try await app.api(.POST, "/api/v1/rules/\(rule)/exceptions", as: admin, json: #"{"cityId":4508722,"quantity":1000}"#) { res async throws in
                #expect(res.status == .badRequest, "Cincinnati is not in Taiwan")
            }
            try await app.api(.POST, "/api/v1/rules/\(rule)/exceptions", as: taichung, json: #"{"cityId":1668399,"quantity":1000}"#) { res async throws in
                #expect(res.status == .forbidden, "only an administrator records exceptions")
            }
            try await app.api(.POST, "/api/v1/rules/\(rule)/exceptions", as: admin,
                              json: #"{"cityId":1668399,"quantity":1000,"grantedBy":"Central Epidemic Command Center","grantedOn":"2020-04-01T00:00:00Z"}"#) { res async throws in
                #expect(res.status == .created)
                let dto = try res.json(RuleDTO.self)
                #expect(dto.inForce && dto.exceptions.map(\.quantity) == [1_000] && dto.exceptions.first?.used == 0)
            }
            // The engine sends no more than the exception allows: 1,000 of the 1,500 asked.
            let plan = try await app.plan(as: taichung, json: #"{"cityId":1668399}"#)
            #expect(plan.lines.filter { $0.offerId == masks }.map(\.quantity).reduce(0, +) == 1_000)
            func pledge(_ quantity: Int) async throws -> (HTTPStatus, String) {
                let res = try await app.api(.POST, "/api/v1/pledges", as: taichung, json: #"{"offerId":\#(masks),"needId":\#(need),"quantity":\#(quantity)}"#)
                return (res.status, res.status == .created ? String(try res.json(PledgeDTO.self).id) : try res.json(ProblemBody.self).detail ?? "")
            }
            let first = try await pledge(600)
            #expect(first.0 == .created)
            let over = try await pledge(401)
            #expect(over.0 == .conflict && over.1.contains("beyond the 400 its exception still allows"), "\(over)")
            #expect(try await pledge(400).0 == .created)
            let spent = try await pledge(1)
            #expect(spent.0 == .conflict && spent.1.contains("used up"), "\(spent)")
            // A cancelled pledge gives back what it held of the exception.
            try await app.api(.POST, "/api/v1/pledges/\(first.1)/cancel", as: taichung, json: #"{"reason":"Sent by another route."}"#) { res async throws in
                #expect(res.status == .ok)
            }
            #expect(try await pledge(600).0 == .created)
            #expect(try await pledge(1).0 == .conflict)
            try await app.api(.GET, "/api/v1/rules/\(rule)") { res async throws in
                #expect(try res.json(RuleDTO.self).exceptions.first?.used == 1_000)
            }
            // The rules page says the same in the open, in the reader's language.
            let page = try await app.page("/rules").body.string
            #expect(page.contains("Taichung may send 1,000 (1,000 sent so far). Granted by Central Epidemic Command Center."), "\(page)")
            let chinese = try await app.page("/rules?lang=zh-Hant").body.string
            #expect(chinese.contains("臺中市可寄送 1,000（目前已寄送 1,000）。由Central Epidemic Command Center核准。"), "\(chinese.split(separator: "<li>").dropFirst().map { $0.prefix(120) })")
            // Once the rule ends, nothing holds the masks back.
            try await app.api(.POST, "/api/v1/rules/\(rule)/end", as: admin, json: #"{"until":"2020-06-01T00:00:00Z"}"#) { res async throws in
                #expect(res.status == .ok)
                #expect(try res.json(RuleDTO.self).inForce == false)
            }
            let past = try await app.page("/rules").body.string
            #expect(past.range(of: "Taiwan controls all masks")!.lowerBound > past.range(of: "No longer in force")!.lowerBound)
            #expect(try await pledge(1).0 == .created)
        }
    }

    @Test func partnersOnlyOffersGoOnlyToPartners() async throws {
        try await withAmity { app async throws in
            let newTaipei = try await app.credentials(Demo.newTaipei)
            var offer = 0
            try await app.api(.POST, "/api/v1/offers", as: newTaipei, json: #"{"cityId":12908892,"item":"gown","quantity":500,"partnersOnly":true}"#) { res async throws in
                offer = try res.json(OfferDTO.self).id
            }
            try await app.api(.POST, "/api/v1/pledges", as: newTaipei, json: #"{"offerId":\#(offer),"recipientCityId":1668399,"quantity":10}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            try await app.api(.POST, "/api/v1/pledges", as: newTaipei, json: #"{"offerId":\#(offer),"recipientCityId":4508722,"quantity":10}"#) { res async throws in
                #expect(res.status == .created)   // Cincinnati is New Taipei's sister city
            }
        }
    }

    @Test func offersLapseUnlessReconfirmedAndLeavePlans() async throws {
        try await withAmity { app async throws in
            let (offer, need, taichung, _) = try await Self.offerAndNeed(app, item: "gown", quantity: 2_000)
            let row = try #require(try await OfferRecord.find(offer, on: app.db))
            row.confirmedAt = app.clock.now().addingTimeInterval(-12 * 86_400)
            try await row.save(on: app.db)
            try await app.api(.GET, "/api/v1/offers/\(offer)") { res async throws in
                let dto = try res.json(OfferDTO.self)
                #expect(dto.reminder && !dto.lapsed)
            }
            #expect(try await app.plan(as: taichung, json: #"{"cityId":1668399}"#).lines.map(\.offerId) == [offer])
            row.confirmedAt = app.clock.now().addingTimeInterval(-15 * 86_400)
            try await row.save(on: app.db)
            let plan = try await app.plan(as: taichung, json: #"{"cityId":1668399}"#)
            #expect(plan.lines.isEmpty && plan.unmet.map(\.needId) == [need], "a lapsed offer leaves plans: the gown need goes unmet")
            try await app.api(.GET, "/api/v1/offers?city=1668399") { res async throws in
                #expect(try !res.json(CursorPage<OfferDTO>.self).items.map(\.id).contains(offer))
            }
            try await app.api(.GET, "/api/v1/offers?city=1668399&lapsed=true") { res async throws in
                #expect(try res.json(CursorPage<OfferDTO>.self).items.first { $0.id == offer }?.lapsed == true)
            }
            // Its officers find it on the board, with the button that brings it back.
            #expect(try await app.page("/aid", as: taichung).body.string.contains("action=\"/aid/offers/\(offer)/reconfirm\""))
            try await app.form("/aid/offers/\(offer)/reconfirm", as: taichung) { res async throws in #expect(res.status == .seeOther) }
            try await app.api(.GET, "/api/v1/offers/\(offer)") { res async throws in
                let dto = try res.json(OfferDTO.self)
                #expect(!dto.lapsed && !dto.reminder)
            }
            #expect(try await app.plan(as: taichung, json: #"{"cityId":1668399}"#).lines.map(\.offerId) == [offer])
            // An offer whose "available until" has passed leaves plans too, however recently confirmed.
            let ended = try #require(try await OfferRecord.find(offer, on: app.db))
            ended.availableUntil = app.clock.now().addingTimeInterval(-3_600)
            try await ended.save(on: app.db)
            #expect(try await app.plan(as: taichung, json: #"{"cityId":1668399}"#).lines.isEmpty)
        }
    }

    @Test func aPledgeMadeOnTheBoardIsRefusedThereInTheReadersLanguage() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin)
            try await app.api(.POST, "/api/v1/rules", as: admin, json: #"""
                {"country":"TW","item":"mask-surgical-adult","kind":"centrally-controlled","from":"2020-01-24T00:00:00Z","title":"Taiwan controls all masks"}
                """#) { res async throws in #expect(res.status == .created) }
            let (masks, need, taichung, cincinnati) = try await Self.offerAndNeed(app, item: "mask-surgical-adult", quantity: 5_000)
            try await app.api(.POST, "/api/v1/offers", as: taichung, json: #"{"cityId":1668399,"item":"sanitised-water","quantity":2000}"#) { res async throws in
                #expect(res.status == .created)
            }
            // Taichung's officer sees the form beside Cincinnati's need, offering Taichung's masks.
            let board = try await app.page("/aid", as: taichung).body.string
            #expect(board.contains(#"<input type="hidden" name="needId" value="\#(need)">"#) && board.contains(#"<option value="\#(masks)">"#))
            #expect(!(try await app.page("/aid", as: cincinnati).body.string.contains(#"name="needId" value="\#(need)""#)), "no offer of Cincinnati's meets its own need")
            let fields = ["needId": String(need), "offerId": String(masks), "quantity": "1500"]
            try await app.form("/aid/pledges?lang=zh-Hant", as: taichung, fields: fields) { res async throws in
                #expect(res.status == .conflict)
                let text = res.body.string
                #expect(text.contains("Taiwan controls all masks：此國家規定禁止臺中市寄送"), "\(text)")
                #expect(text.contains("臺中市可改為寄送：") && text.contains("id=\"pledge-\(need)-error\""))
            }
            try await app.form("/aid/pledges", as: taichung, fields: fields.merging(["quantity": "many"]) { $1 }) { res async throws in
                #expect(res.status == .badRequest)
            }
            try await app.form("/aid/pledges", as: cincinnati, fields: fields) { res async throws in
                #expect(res.status == .forbidden, "Cincinnati cannot pledge Taichung's masks")
            }
            // A need gone from the board (met, withdrawn) still gets its answer, at the top of the page.
            try await app.form("/aid/pledges", as: taichung, fields: fields.merging(["needId": "999999"]) { $1 }) { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains(#"<p class="form-error" role="alert">There is no open need 999999."#), "\(res.body.string)")
            }
            #expect(try await PledgeRecord.query(on: app.db).filter(\.$offerID == masks).count() == 0)
            // Water is not held back: the same form makes the pledge and opens it.
            let (water, thirst, _, _) = try await Self.offerAndNeed(app)
            try await app.form("/aid/pledges", as: taichung, fields: ["needId": String(thirst), "offerId": String(water), "quantity": "700"]) { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.hasPrefix("/pledges/") == true)
            }
            #expect(try await PledgeRecord.query(on: app.db).filter(\.$offerID == water).first()?.quantity == 700)
        }
    }

    @Test func anOfferPostedOnThePageCanStandUntilADay() async throws {
        try await withAmity { app async throws in
            try await Self.clearBoard(app)
            let taichung = try await app.credentials(Demo.taichung)
            let fields = ["cityId": "1668399", "item": "gown", "quantity": "40"]
            try await app.form("/aid/offers", as: taichung, fields: fields.merging(["availableUntil": "2020-01-01"]) { $1 }) { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("id=\"offer-until-error\""))
            }
            try await app.form("/aid/offers", as: taichung, fields: fields.merging(["availableUntil": "31/12/2099"]) { $1 }) { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("YYYY-MM-DD"))
            }
            #expect(try await OfferRecord.query(on: app.db).filter(\.$item == "gown").count() == 0, "refused forms change nothing")
            try await app.form("/aid/offers", as: taichung, fields: fields.merging(["availableUntil": "2099-12-31"]) { $1 }) { res async throws in
                #expect(res.status == .seeOther)
            }
            let offer = try #require(try await OfferRecord.query(on: app.db).filter(\.$item == "gown").first())
            #expect(offer.availableUntil == ISO8601DateFormatter().date(from: "2100-01-01T00:00:00Z"), "the whole of the last day, UTC")
        }
    }

    @Test func needsLapseUnlessReconfirmed() async throws {
        try await withAmity { app async throws in
            let (_, need, _, cincinnati) = try await Self.offerAndNeed(app)
            let start = Date()
            app.clock = WallClock { start.addingTimeInterval(12 * 86_400) }
            try await app.api(.GET, "/api/v1/needs/\(need)") { res async throws in
                let dto = try res.json(NeedDTO.self)
                #expect(dto.reminder && !dto.lapsed)
            }
            app.clock = WallClock { start.addingTimeInterval(15 * 86_400) }
            try await app.api(.GET, "/api/v1/needs") { res async throws in #expect(try res.json(CursorPage<NeedDTO>.self).items.isEmpty) }
            try await app.api(.GET, "/api/v1/needs?lapsed=true") { res async throws in #expect(try res.json(CursorPage<NeedDTO>.self).items.first?.lapsed == true) }
            try await app.api(.POST, "/api/v1/needs/\(need)/reconfirm", as: cincinnati) { res async throws in
                let dto = try res.json(NeedDTO.self)
                #expect(!dto.lapsed && !dto.reminder)
            }
            try await app.api(.GET, "/api/v1/needs") { res async throws in #expect(try res.json(CursorPage<NeedDTO>.self).items.map(\.id) == [need]) }
        }
    }

    @Test(arguments: [
        (#"{"cityId":4508722,"item":"unicorn","quantity":1,"urgency":3}"#, "item"),
        (#"{"cityId":4508722,"item":"gown","quantity":0,"urgency":3}"#, "quantity"),
        (#"{"cityId":4508722,"item":"gown","quantity":5,"urgency":9}"#, "urgency"),
        (#"{"cityId":4508722,"item":"gown","quantity":"five","urgency":3}"#, "quantity"),
    ])
    func badNeedsAreRefused(_ body: String, _ field: String) async throws {
        try await withAmity { app async throws in
            try await Self.clearBoard(app)
            try await app.api(.POST, "/api/v1/needs", as: try await app.credentials(Demo.cincinnati), json: body) { res async throws in
                #expect(res.status == .badRequest)
                #expect(try res.json(ProblemBody.self).errors?.contains { $0.field == field } == true, "\(res.body.string)")
            }
            #expect(try await NeedRecord.query(on: app.db).count() == 0)
        }
    }
}

@Suite struct PlanTests {
    /// Makes `email` a verified officer of `city` (as if an administrator had verified them).
    static func grantOfficer(_ app: Application, _ email: String, city: Int) async throws {
        let person = try await Person.query(on: app.db).filter(\.$email == email).first()!
        let role = RoleRequest()
        (role.personID, role.role, role.cityID, role.title, role.message, role.status, role.requestedAt) =
            (try person.requireID(), "officer", city, "Officer", "", .verified, Date())
        try await role.create(on: app.db)
    }

    @Test func aSecretariatPlansForItsNetworkAndCitiesAnswerTheLines() async throws {
        try await withAmity { app async throws in
            try await AidTests.clearBoard(app)
            let taipei = 1_668_341, taoyuan = 6_696_918, wuhan = 1_791_247
            try await Self.grantOfficer(app, Demo.reader, city: taipei)
            try await Self.grantOfficer(app, Demo.newTaipei, city: taoyuan)
            let taipeiOfficer = try await app.credentials(Demo.reader), taoyuanOfficer = try await app.credentials(Demo.newTaipei)
            let admin = try await app.credentials(Demo.admin), citynet = try await app.credentials(Demo.citynet)
            try await app.api(.POST, "/api/v1/offers", as: taipeiOfficer, json: #"{"cityId":\#(taipei),"item":"gown","quantity":1000}"#)
            try await app.api(.POST, "/api/v1/needs", as: taoyuanOfficer, json: #"{"cityId":\#(taoyuan),"item":"gown","quantity":800,"urgency":5}"#)
            try await Self.grantOfficer(app, Demo.cincinnati, city: wuhan)
            try await app.api(.POST, "/api/v1/needs", as: try await app.credentials(Demo.cincinnati), json: #"{"cityId":\#(wuhan),"item":"gown","quantity":600,"urgency":3}"#)
            try await app.api(.POST, "/api/v1/needs", as: taoyuanOfficer, json: #"{"cityId":\#(taoyuan),"item":"ventilator","quantity":5,"urgency":5}"#)

            try await app.api(.POST, "/api/v1/plans", as: taipeiOfficer, json: #"{"networkId":"citynet"}"#) { res async throws in #expect(res.status == .forbidden) }
            let made = try await app.plan(as: citynet, json: #"{"networkId":"citynet","mode":"efficient"}"#)
            #expect(made.lines.count == 2)
            let toTaoyuan = try #require(made.lines.first { $0.recipient.id == taoyuan })
            #expect(toTaoyuan.quantity == 800 && toTaoyuan.reason.kind == "shared-network" && toTaoyuan.reason.network == "CityNet")
            #expect(made.lines.first { $0.recipient.id == wuhan }?.quantity == 200)
            #expect(made.unmet.contains { $0.city.id == wuhan && $0.shortfall == 400 && $0.reason.kind == "taken-by-more-urgent-needs" })
            #expect(made.unmet.contains { $0.item == "ventilator" && $0.reason.kind == "no-supply" })

            // The donor accepts (a tentative pledge holds the supply), then the recipient (confirmed).
            let url = "/api/v1/plans/\(made.id)/lines/\(toTaoyuan.id)"
            try await app.api(.POST, "\(url)/accept", as: try await app.credentials(Demo.taichung)) { res async throws in #expect(res.status == .forbidden) }
            try await app.api(.POST, "\(url)/accept", as: taipeiOfficer) { res async throws in
                #expect(try res.json(PlanDTO.self).lines.first { $0.id == toTaoyuan.id }?.pledgeId != nil)
            }
            try await app.api(.POST, "\(url)/accept", as: taipeiOfficer) { res async throws in #expect(res.status == .conflict) }
            try await app.api(.POST, "\(url)/accept", as: taoyuanOfficer) { res async throws in #expect(res.status == .ok) }
            try await app.api(.GET, "/api/v1/pledges?city=\(taoyuan)", as: admin) { res async throws in
                let pledges = try res.json(CursorPage<PledgeDTO>.self).items
                #expect(pledges.count == 1 && pledges[0].status == .confirmed && pledges[0].quantity == 800)
            }
            // The plan's page shows each line's reason; the pledge's page the next steps of its side.
            let page = try await app.page("/plans/\(made.id)", as: taoyuanOfficer)
            #expect(page.status == .ok && page.body.string.contains("are both members of CityNet.") && page.body.string.contains("Nobody in this plan offers it."))
            let pledgeID = try #require(try await PledgeRecord.query(on: app.db).filter(\.$recipientCityID == taoyuan).first()?.requireID())
            let pledgePage = try await app.page("/pledges/\(pledgeID)", as: taipeiOfficer)
            #expect(pledgePage.body.string.contains("/pledges/\(pledgeID)/ship") && !pledgePage.body.string.contains("/pledges/\(pledgeID)/deliver"))
            // The Wuhan line is declined by the donor: nothing is pledged.
            let toWuhan = made.lines.first { $0.recipient.id == wuhan }!
            try await app.api(.POST, "/api/v1/plans/\(made.id)/lines/\(toWuhan.id)/decline", as: taipeiOfficer) { res async throws in #expect(res.status == .ok) }
            try await app.api(.GET, "/api/v1/offers?city=\(taipei)") { res async throws in
                #expect(try res.json(CursorPage<OfferDTO>.self).items.first?.committed == 800)
            }
        }
    }
}

@Suite struct CampaignTests {
    @Test func aCityRaisesMoneyForAPartnerAndNamesGiversOnlyWithConsent() async throws {
        try await withAmity { app async throws in
            let newTaipei = try await app.credentials(Demo.newTaipei)
            try await app.api(.POST, "/api/v1/campaigns", as: newTaipei,
                              json: #"{"cityId":12908892,"beneficiaryCityId":1668399,"title":"For Taichung","target":100,"currency":"TWD"}"#) { res async throws in
                #expect(res.status == .badRequest)   // not a partner
            }
            try await app.api(.POST, "/api/v1/campaigns", as: newTaipei,
                              json: #"{"cityId":12908892,"beneficiaryCityId":4508722,"title":"PPE for Cincinnati","target":100000,"currency":"xxx"}"#) { res async throws in
                #expect(try res.json(ProblemBody.self).errors?.first?.field == "currency")
            }
            var id = 0
            try await app.api(.POST, "/api/v1/campaigns", as: newTaipei,
                              json: #"{"cityId":12908892,"beneficiaryCityId":4508722,"title":"PPE for Cincinnati","target":100000,"currency":"twd"}"#) { res async throws in
                #expect(res.status == .created)
                let campaign = try res.json(CampaignDTO.self)
                #expect(campaign.currency == "TWD" && campaign.raised == 0)
                id = campaign.id
            }
            try await app.api(.POST, "/api/v1/campaigns/\(id)/contributions", as: newTaipei, json: #"{"amount":30000,"giver":"Banqiao Rotary Club","publicCredit":true}"#)
            try await app.api(.POST, "/api/v1/campaigns/\(id)/contributions", as: newTaipei, json: #"{"amount":5000,"giver":"Mrs Lin, Xinzhuang"}"#)
            try await app.api(.POST, "/api/v1/campaigns/\(id)/contributions", as: newTaipei, json: #"{"amount":0,"giver":"x"}"#) { res async throws in
                #expect(res.status == .badRequest)
            }
            try await app.api(.GET, "/api/v1/campaigns/\(id)") { res async throws in
                let campaign = try res.json(CampaignDTO.self)
                #expect(campaign.raised == 35_000)
                #expect(campaign.contributions.map(\.giver) == ["Banqiao Rotary Club", nil])
                #expect(!res.body.string.contains("Mrs Lin"))
            }
        }
    }
}
