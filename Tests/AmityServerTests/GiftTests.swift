@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Gifts of money: campaigns opened and gifts recorded on pages, shown in the public ledger (JSON,
/// CSV with HXL, the page) and the live feed with the giver only where they agreed, summed per
/// currency with checked arithmetic.
@Suite struct GiftTests {
    @Test func aGiftWithoutConsentNeverShowsItsGiverAnywhere() async throws {
        try await withAmity { app async throws in
            let newTaipei = try await app.credentials(Demo.newTaipei), taichung = try await app.credentials(Demo.taichung)
            // The board offers New Taipei's officer its partner, Cincinnati; bad fields are said beside them and open nothing.
            let board = try await app.page("/aid", as: newTaipei).body.string
            #expect(board.contains(#"<option value="4508722">Cincinnati, partner of New Taipei City</option>"#))
            let before = try await CampaignRecord.query(on: app.db).count()
            let bad = try await app.form("/aid/campaigns", as: newTaipei, fields: ["cityId": "12908892", "beneficiaryCityId": "1668399", "title": "PPE",
                                                                                   "target": "lots", "currency": "XXX"])
            #expect(bad.status == .badRequest)
            for field in ["campaign-target-error", "campaign-currency-error", "campaign-for-error"] { #expect(bad.body.string.contains(#"id="\#(field)""#), "\(field)") }
            #expect(try await CampaignRecord.query(on: app.db).count() == before)
            let opened = try await app.form("/aid/campaigns", as: newTaipei, fields: ["cityId": "12908892", "beneficiaryCityId": "4508722",
                                                                                      "title": "PPE for Cincinnati", "target": "100,000", "currency": "twd"])
            let location = try #require(opened.headers.first(name: .location))
            #expect(opened.status == .seeOther && location.hasPrefix("/campaigns/"))
            let id = try #require(Int(location.dropFirst("/campaigns/".count).prefix { $0.isNumber }))
            // Gifts are recorded by the campaign's city only; a broken amount changes nothing.
            let path = "/campaigns/\(id)/gifts"
            #expect(try await app.form(path, as: taichung, fields: ["amount": "10", "giver": "x"]).status == .forbidden)
            let zero = try await app.form(path, as: newTaipei, fields: ["amount": "0", "giver": "Nobody"])
            #expect(zero.status == .badRequest && zero.body.string.contains(#"id="gift-amount-error""#))
            #expect(try await app.form(path, as: newTaipei, fields: ["amount": "30,000", "giver": "Banqiao Rotary Club", "publicCredit": "on"]).status == .seeOther)
            #expect(try await app.form(path, as: newTaipei, fields: ["amount": "5000", "giver": "Mrs Lin, Xinzhuang"]).status == .seeOther)
            #expect(try await ContributionRecord.query(on: app.db).filter(\.$campaignID == id).count() == 2)

            // The campaign shows its progress against the target.
            let page = try await app.page("/campaigns/\(id)").body.string
            #expect(page.contains("35,000 of 100,000 TWD raised (35%).") && page.contains(#"value="35""#))
            #expect(page.contains("Banqiao Rotary Club") && page.contains("A giver who asked not to be named"))

            // No export names the giver who did not agree, nor the demo's unnamed givers.
            let hidden = ["Mrs Lin", "Xinzhuang", "Illustrative giver who asked", "Another illustrative giver"]
            var exports: [String: String] = [:]
            for url in ["/api/v1/ledger/gifts?limit=100", "/ledger.csv", "/ledger", "/api/v1/campaigns/\(id)", "/api/v1/campaigns", "/campaigns/\(id)",
                        "/api/v1/live/entries?limit=100", "/feeds/live.atom", "/feeds/cities/4508722.atom", "/", "/aid"] {
                exports[url] = try await app.page(url).body.string
            }
            for (url, body) in exports { for name in hidden { #expect(!body.contains(name), "\(url) names \(name)") } }
            let gifts = try await app.api(.GET, "/api/v1/ledger/gifts").json(CursorPage<GiftDTO>.self).items
            #expect(gifts.prefix(2).map(\.giver) == [nil, "Banqiao Rotary Club"] && gifts.first?.beneficiary.name == "Cincinnati" && gifts.first?.currency == "TWD")
            let csv = try #require(exports["/ledger.csv"]).components(separatedBy: "\r\n")
            #expect(csv[1].hasSuffix("#date,#org+funder+name,#currency,#value+transfer"))
            #expect(csv.contains { $0.hasPrefix("gift-") && $0.contains(",TW,Cincinnati,US,,,,given,") && $0.hasSuffix(",Banqiao Rotary Club,TWD,30000") })
            #expect(csv.contains { $0.hasPrefix("gift-") && $0.contains(",given,") && $0.hasSuffix(",,TWD,5000") })
            // The live feed tells the gift under both cities, naming only the consenting giver.
            let live = try #require(exports["/api/v1/live/entries?limit=100"])
            #expect(live.contains("campaign for Cincinnati received 30,000 TWD") && live.contains(#""kind":"gift""#))
            #expect(live.contains("From Banqiao Rotary Club.") && live.contains("From a giver who asked not to be named."))

            // A city's gifts: those of its campaigns and those raised for it.
            let shenzhen = try await app.api(.GET, "/api/v1/ledger/gifts?city=1795565").json(CursorPage<GiftDTO>.self).items
            #expect(shenzhen.count == 3 && shenzhen.allSatisfy { $0.currency == "USD" && $0.beneficiary.name == "Shenzhen" })
            #expect(try await app.api(.GET, "/api/v1/ledger/gifts?city=4508722").json(CursorPage<GiftDTO>.self).items.map(\.amount) == [5_000, 30_000])
            // Totals per currency, never mixed: the demo's 25,500 USD for Shenzhen and these 35,000 TWD.
            let totals = try await app.api(.GET, "/api/v1/ledger/totals").json([MoneyTotals.Total].self)
            #expect(totals.map { "\($0.amount) \($0.currency) in \($0.gifts)" } == ["35000 TWD in 2", "25500 USD in 3"])
            #expect(try #require(exports["/ledger"]).contains("35,000 TWD"))
        }
    }

    @Test func theDemoCampaignIsMarkedIllustrative() async throws {
        try await withAmity { app async throws in
            let campaigns = try await app.api(.GET, "/api/v1/campaigns").json(CursorPage<CampaignDTO>.self).items
            let houston = try #require(campaigns.first { $0.city.name == "Houston" && $0.beneficiary.name == "Shenzhen" })
            #expect(houston.raised == 25_500 && houston.target == 50_000 && houston.percent == 51 && houston.currency == "USD")
            #expect(houston.note?.hasPrefix("Illustrative") == true && houston.contributions.compactMap(\.giver) == ["Houston residents (illustrative)"])
            #expect(try await app.page("/campaigns/\(houston.id)?lang=zh-Hant").body.string.contains("已募得 25,500 USD，目標 50,000 USD（51%）。"))
        }
    }
}
