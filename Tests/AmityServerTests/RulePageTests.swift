@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Administrators record a national rule, end it and grant an exception on the rules page; a bad
/// field is said beside it and records nothing; nobody else sees or may use the forms.
@Suite struct RulePageTests {
    @Test func anAdministratorRecordsEndsAndGrantsOnThePage() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin), taichung = try await app.credentials(Demo.taichung)
            #expect(!(try await app.page("/rules", as: taichung).body.string.contains(#"action="/rules""#)))
            let page = try await app.page("/rules", as: admin).body.string
            #expect(page.contains(#"action="/rules""#) && page.contains("Every item of: ") && page.contains(#"/exceptions""#))

            let fields = ["title": "China licenses exports of N95 respirators", "country": "cn", "covers": "item:respirator-n95", "kind": "licence-required",
                          "from": "2020-03-31", "source": "https://example.org/notice"]
            let before = try await RuleRecord.query(on: app.db).count()
            let noDay = try await app.form("/rules", as: admin, fields: fields.merging(["from": "April"]) { $1 })
            #expect(noDay.status == .badRequest && noDay.body.string.contains(#"id="rule-from-error""#))
            let noCountry = try await app.form("/rules", as: admin, fields: fields.merging(["country": "XX", "source": "not a link"]) { $1 })
            #expect(noCountry.status == .badRequest && noCountry.body.string.contains(#"id="rule-country-error""#) && noCountry.body.string.contains(#"id="rule-source-error""#))
            #expect(try await RuleRecord.query(on: app.db).count() == before)
            #expect(try await app.form("/rules", as: taichung, fields: fields).status == .forbidden)

            #expect(try await app.form("/rules", as: admin, fields: fields).status == .seeOther)
            let rule = try #require(try await RuleRecord.query(on: app.db).filter(\.$title == fields["title"]!).first())
            let id = try rule.requireID()
            #expect(rule.countryCode == "CN" && rule.item == "respirator-n95" && rule.kind == "licence-required" && rule.until == nil)

            // An exception names its city in any script, within the rule's country; who granted it may be unknown.
            let wrong = try await app.form("/rules/\(id)/exceptions", as: admin, fields: ["city": "Taichung", "quantity": "5"])
            #expect(wrong.status == .badRequest && wrong.body.string.contains(#"id="exception-city-\#(id)-error""#))
            #expect(try await app.form("/rules/\(id)/exceptions", as: admin, fields: ["city": "深圳", "quantity": "10,000"]).status == .seeOther)
            let leave = try #require(try await RuleExceptionRecord.query(on: app.db).filter(\.$ruleID == id).first())
            #expect(leave.cityID == 1_795_565 && leave.quantity == 10_000 && leave.grantedBy == nil)
            #expect(try await app.page("/rules").body.string.contains("Who granted it, and how, is not known."))

            // Ended before it began is refused beside the field; ended on a day, it is past.
            let early = try await app.form("/rules/\(id)/end", as: admin, fields: ["until": "2020-01-01"])
            #expect(early.status == .badRequest && early.body.string.contains(#"id="end-\#(id)-error""#))
            #expect(try await app.form("/rules/\(id)/end", as: admin, fields: ["until": "2020-06-01"]).status == .seeOther)
            #expect(try await RuleRecord.find(id, on: app.db)?.until == (try CalendarDay.parse("2020-06-01", field: "until")))
        }
    }
}

/// An officer gives from one of their city's offers straight to a partner city, on the board.
@Suite struct GiveFromOfferTests {
    @Test func anOfficerGivesFromAnOfferToAPartnerAndARuleIsSaidBesideIt() async throws {
        try await withAmity { app async throws in
            let newTaipei = try await app.credentials(Demo.newTaipei), admin = try await app.credentials(Demo.admin)
            func offer(_ item: String) async throws -> Int {
                try await app.api(.POST, "/api/v1/offers", as: newTaipei, json: #"{"cityId":12908892,"item":"\#(item)","quantity":4000}"#).json(OfferDTO.self).id
            }
            let gowns = try await offer("gown"), masks = try await offer("mask-surgical-child")
            let board = try await app.page("/aid", as: newTaipei).body.string
            #expect(board.contains(#"id="give-to-\#(gowns)""#) && board.contains(#"<option value="4508722">Cincinnati</option>"#))
            #expect(!(try await app.page("/aid", as: try await app.credentials(Demo.taichung)).body.string.contains(#"id="give-to-\#(gowns)""#)), "only its city gives from it")
            let given = try await app.form("/aid/pledges", as: newTaipei, fields: ["offerId": String(gowns), "recipientCityId": "4508722", "quantity": "1,500".replacingOccurrences(of: ",", with: "")])
            #expect(given.status == .seeOther)
            let pledge = try #require(try await PledgeRecord.query(on: app.db).filter(\.$offerID == gowns).first())
            #expect(pledge.recipientCityID == 4_508_722 && pledge.quantity == 1_500 && pledge.needID == nil)
            // More than is left is refused beside the offer, in the reader's language, and the row shows what is left.
            let tooMuch = try await app.form("/aid/pledges?lang=zh-Hant", as: newTaipei, fields: ["offerId": String(gowns), "recipientCityId": "4508722", "quantity": "3000"])
            #expect(tooMuch.status == .conflict && tooMuch.body.string.contains("此項提供只剩 2,500 可承諾。") && tooMuch.body.string.contains("2,500 / 4,000"))
            // Under a rule in force, the refusal is said beside the offer, in the reader's language.
            _ = try await app.api(.POST, "/api/v1/rules", as: admin, json: #"""
                {"country":"TW","category":"medical-consumable","kind":"centrally-controlled","from":"2020-01-24T00:00:00Z","title":"Taiwan controls medical supplies"}
                """#)
            let refused = try await app.form("/aid/pledges?lang=zh-Hant", as: newTaipei, fields: ["offerId": String(masks), "recipientCityId": "4508722", "quantity": "100"])
            #expect(refused.status == .conflict && refused.body.string.contains(#"id="give-\#(masks)-error""#) && refused.body.string.contains("此國家規定禁止"))
            #expect(try await PledgeRecord.query(on: app.db).filter(\.$offerID == masks).count() == 0)
        }
    }
}
