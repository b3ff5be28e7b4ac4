@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Plans made as of a past day, and the demo plan: CityNet's members as of 15 April 2020, where
/// Taiwan's rule stops Taichung's masks and it sends water and advice instead, a friendship city
/// is preferred to a nearer member, and a shortfall of gowns is shared fairly.
@Suite struct DemoPlanTests {
    static func demoPlan(_ app: Application) async throws -> PlanDTO {
        let id = try #require(try await PlanRecord.query(on: app.db).filter(\.$asOf != nil).first()?.id)
        return try await app.api(.GET, "/api/v1/plans/\(id)").json(PlanDTO.self)
    }

    @Test func theDemoPlanShowsARuleARefusalAPartnerAndAFairShare() async throws {
        try await withAmity { app async throws in
            let plan = try await Self.demoPlan(app)
            #expect(plan.scope == "network" && plan.scopeId == "citynet" && plan.mode == "max-min-fair")
            #expect(plan.asOf.map(CalendarDay.text) == "2020-04-15")
            func line(_ donor: String, _ recipient: String, _ item: String) -> PlanDTO.Line? {
                plan.lines.first { $0.donor.name == donor && $0.recipient.name == recipient && $0.item == item }
            }
            // Taiwan's rule stops Taichung's masks for Yokohama; the water and advice go instead.
            let masks = try #require(plan.unmet.first { $0.city.name == "Yokohama" && $0.item == "mask-surgical-adult" })
            let rule = try #require(try await RuleRecord.query(on: app.db).filter(\.$item == "mask-surgical-adult").first()?.id)
            #expect(masks.shortfall == 100_000 && masks.reason.kind == "blocked-by-rules" && masks.reason.rules == [String(rule)])
            #expect(masks.blockedSuppliers?.map(\.city.name) == ["Taichung"])
            #expect(Set(masks.blockedSuppliers?.first?.instead ?? []) == ["sanitised-water", "expert-advice"])
            #expect(line("Taichung", "Yokohama", "sanitised-water")?.quantity == 10_000)
            #expect(line("Taichung", "Yokohama", "expert-advice")?.quantity == 10)
            #expect(!plan.lines.contains { $0.item.hasPrefix("mask") }, "no mask leaves Taiwan under the rule")
            // Shanghai, Yokohama's friendship city, sends the test kits though Seoul is nearer.
            let kits = try #require(line("Shanghai", "Yokohama", "test-kit"))
            #expect(kits.quantity == 10_000 && kits.reason.kind == "friendship-city" && kits.nearerSupplier?.name == "Seoul")
            #expect(line("Seoul", "Yokohama", "test-kit") == nil)
            // Nanjing's 25,000 gowns for 50,000 asked: Wuhan and Nanchang each get half.
            #expect(line("Nanjing", "Wuhan", "gown")?.quantity == 15_000 && line("Nanjing", "Nanchang", "gown")?.quantity == 10_000)
            let gowns = plan.unmet.filter { $0.item == "gown" }
            #expect(gowns.count == 2 && gowns.allSatisfy { $0.reason.kind == "shared-fairly" && $0.reason.percent == 50 }, "\(gowns)")

            // The page explains each in the reader's language, and asks nobody to answer a record.
            let english = try await app.page("/plans/\(plan.id)", as: try await app.credentials(Demo.taichung)).body.string
            #expect(english.contains("Taiwan&#39;s central government controls the distribution of masks: this national rule stops Taichung sending Surgical mask, adult."))
            #expect(english.contains("Taichung sends instead what no rule stops: Expert advice, Sanitised water."))
            #expect(english.contains("Yokohama and Shanghai are friendship cities. Seoul is nearer, but ties between cities count for more than distance."))
            #expect(english.contains("each got a fair share, and Wuhan received 50% of what it asked."))
            #expect(english.contains("As of") && !english.contains("/accept\""), "a record has no answer buttons")
            let chinese = try await app.page("/plans/\(plan.id)?lang=zh-Hant").body.string
            #expect(chinese.contains("臺中市改送不受規定限制的物資：") && chinese.contains("是友好城市。") && chinese.contains("得到所需的50%"))
            // Nor can a line of it be answered over the API.
            let lineID = try #require(line("Taichung", "Yokohama", "sanitised-water")?.id)
            try await app.api(.POST, "/api/v1/plans/\(plan.id)/lines/\(lineID)/accept", as: try await app.credentials(Demo.taichung)) { res async throws in
                #expect(res.status == .conflict)
            }
        }
    }

    @Test func aPlanAsOfADayReadsTheRulesPostingsAndTiesOfThatDay() async throws {
        try await withAmity { app async throws in
            let citynet = try await app.credentials(Demo.citynet)
            func plan(asOf day: String) async throws -> PlanDTO {
                let job = try await app.api(.POST, "/api/v1/plans", as: citynet, json: #"{"networkId":"citynet","mode":"max-min-fair","asOf":"\#(day)"}"#)
                    .json(PlanJobDTO.self)
                let done = try await PlanJobTests.finished(app, job.id)
                return try await app.api(.GET, "/api/v1/plans/\(try #require(done.planId))").json(PlanDTO.self)
            }
            // Before anything was posted there is nothing to plan; a fortnight after, it had all lapsed.
            let early = try await plan(asOf: "2020-04-05")
            #expect(early.lines.isEmpty && early.unmet.isEmpty && early.asOf != nil)
            let late = try await plan(asOf: "2020-05-20")
            #expect(late.lines.isEmpty && late.unmet.isEmpty)
            // A reconfirmation on the record keeps one need standing that day.
            let kits = try #require(try await NeedRecord.query(on: app.db).filter(\.$item == "test-kit").first())
            let reconfirmed = AuditEntry()
            (reconfirmed.at, reconfirmed.action, reconfirmed.entity, reconfirmed.entityID) = (try CalendarDay.parse("2020-05-15", field: "at"), "reconfirm", "need", String(kits.id ?? 0))
            try await reconfirmed.create(on: app.db)
            #expect(try await plan(asOf: "2020-05-20").unmet.map(\.needId) == [kits.id ?? 0], "the test kits' offers had lapsed by then")
            // Today Taiwan's rule is past: Taichung's masks go to Yokohama.
            let today = try await app.api(.POST, "/api/v1/plans", as: citynet, json: #"{"networkId":"citynet","mode":"max-min-fair"}"#).json(PlanJobDTO.self)
            let now = try await app.api(.GET, "/api/v1/plans/\(try #require(try await PlanJobTests.finished(app, today.id).planId))").json(PlanDTO.self)
            #expect(now.asOf == nil && now.lines.contains { $0.donor.name == "Taichung" && $0.item == "mask-surgical-adult" && $0.quantity == 50_000 })
            // A day to come, or no day at all, is refused beside the field.
            for day in ["2999-01-01", "2020-13-01", "April"] {
                try await app.api(.POST, "/api/v1/plans", as: citynet, json: #"{"networkId":"citynet","asOf":"\#(day)"}"#) { res async throws in
                    #expect(res.status == .badRequest && res.body.string.contains(#""field":"asOf""#), "\(day): \(res.body.string)")
                }
            }
            let board = try await app.form("/aid/plans", as: citynet, fields: ["host": "network:citynet", "mode": "efficient", "asOf": "2999-01-01"])
            #expect(board.status == .badRequest && board.body.string.contains(#"id="plan-as-of-error""#) && board.body.string.contains("not 2999-01-01"))
        }
    }

    @Test func tiesAndExceptionsAreReadAsTheyStoodOnTheDay() async throws {
        try await withAmity { app async throws in
            // Wagga Wagga cut its tie with Kunming on 14 April 2020 and restored it on the 22nd.
            try await AidTests.clearBoard(app)
            let posted = try CalendarDay.parse("2020-04-16", field: "day")
            let offer = OfferRecord(), need = NeedRecord()
            (offer.cityID, offer.item, offer.quantity, offer.committed, offer.partnersOnly, offer.status, offer.confirmedAt, offer.createdAt) =
                (2_145_110, "gloves", 100, 0, false, .open, posted, posted)
            (need.cityID, need.item, need.quantity, need.urgency, need.status, need.confirmedAt, need.createdAt) = (1_804_651, "gloves", 100, 3, .open, posted, posted)
            try await offer.create(on: app.db)
            try await need.create(on: app.db)
            func links(_ day: String) async throws -> [AllocationInput.Link] {
                let asOf = try #require(try AidPlanner.asOf(day, now: app.clock.now()))
                return try await AidPlanner(database: app.db, now: asOf, config: app.amity, replaying: true).prepare(.everything).input.links
            }
            let severed = try await links("2020-04-18")
            #expect(severed.isEmpty, "severed on the 14th: \(severed)")
            #expect(try await links("2020-04-25").map(\.kind) == [.sisterCity], "restored on the 22nd")

            // Suao's leave for 3,200 masks was whole before its masks left on 20 April, spent after.
            let rule = try #require(try await NationalRules.inForce(country: "TW", on: app.db, at: try CalendarDay.parse("2020-04-15", field: "day"))
                .first { $0.item == "mask-surgical-adult" })
            let before = try await NationalRules.leeway(under: [rule], for: 900_000_001, on: app.db, asOf: try CalendarDay.parse("2020-04-15", field: "day"))
            let after = try await NationalRules.leeway(under: [rule], for: 900_000_001, on: app.db)
            #expect(before[rule.id] == 3_200 && after[rule.id] == 0)
            let listed = try await app.api(.GET, "/api/v1/rules/\(rule.id)").json(RuleDTO.self)
            #expect(listed.exceptions.first?.grantedBy == nil && listed.exceptions.first?.quantity == 3_200)
        }
    }

    @Test func aPledgeIsCheckedAgainstTheRulesOfItsDay() async throws {
        try await withAmity { app async throws in
            let masks = try #require(try await OfferRecord.query(on: app.db).filter(\.$cityID == 1_668_399).filter(\.$item == "mask-surgical-adult").first()?.id)
            let need = try #require(try await NeedRecord.query(on: app.db).filter(\.$cityID == 1_848_354).filter(\.$item == "mask-surgical-adult").first()?.id)
            func check(_ query: String) async throws -> PledgeCheckDTO {
                try await app.api(.GET, "/api/v1/pledges/check?offerId=\(masks)&needId=\(need)&quantity=1000" + query).json(PledgeCheckDTO.self)
            }
            #expect(try await check("").allowed, "Taiwan's rule ended in June 2020")
            let then = try await check("&asOf=2020-04-15")
            let rule = try #require(try await RuleRecord.query(on: app.db).filter(\.$item == "mask-surgical-adult").first()?.id)
            #expect(!then.allowed && then.rule == rule && then.asOf != nil && then.reason?.contains("stops Taichung sending mask-surgical-adult") == true)
            #expect(Set(then.instead?.map(\.item) ?? []) == ["sanitised-water", "expert-advice"])
            #expect(try await check("&asOf=2020-04-15T09:30:00Z").rule == rule, "an instant works as a day does")
            let early = try await check("&asOf=2020-04-01")
            #expect(!early.allowed && early.rule == nil && early.reason?.contains("was not open on that day") == true, "posted on 6 April")
            #expect(try await OfferRecord.find(masks, on: app.db)?.committed == 0, "a check writes nothing")
            for (query, field) in [("&asOf=2999-01-01", "asOf"), ("&asOf=soon", "asOf"), ("&asOf=2999-01-01T00:00:00Z", "asOf"),
                                   ("&asOf=2020-02-30", "asOf"), ("&asOf=0000-01-01", "asOf")] {
                try await app.api(.GET, "/api/v1/pledges/check?offerId=\(masks)&needId=\(need)&quantity=1000" + query) { res async throws in
                    #expect(res.status == .badRequest && res.body.string.contains(#""field":"\#(field)""#), "\(query)")
                }
            }
            try await app.api(.GET, "/api/v1/pledges/check?offerId=\(masks)&needId=\(need)") { res async throws in
                #expect(res.status == .badRequest && res.body.string.contains(#""field":"quantity""#))
            }
        }
    }
}
