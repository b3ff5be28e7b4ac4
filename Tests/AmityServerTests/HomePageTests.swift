@testable import AmityServer
import AmityCore
import Foundation
import Testing
import Vapor
import VaporTesting

/// The home page is what an officer reads in the morning, and never greets anyone empty.
@Suite struct HomePageTests {
    @Test func aNewcomerSeesTheLatestPastItemsAndIsToldSo() async throws {
        try await withAmity { app async throws in
            // The demo's open needs and offers (posted in 2020, confirmed when seeded) come first, quantities grouped.
            let board = try await app.page("/").body.string
            #expect(board.contains("30,000 Protective gown") && board.contains("20,000 Sanitised water"))
            // Without them, as with the rest of the demo set in 2020, each section shows what came last.
            try await AidTests.clearBoard(app)
            let page = try await app.page("/")
            let html = page.body.string
            #expect(page.status == .ok && page.body.readableBytes < 100_000)
            #expect(html.contains("No city has an open need now. The latest help delivered:"))
            #expect(html.contains(#"<a href="/cities/900000001">Suao</a> → Ishigaki · <a href="/pledges/"#), "Suao's masks for Ishigaki are among the latest gifts")
            #expect(html.contains("No event is coming up. Here are the most recent ones."))
            #expect(html.contains("Cities Against COVID-19 Global Summit 2020"))
            #expect(html.contains("No statement is open for signature now. The latest opened:"))
            #expect(html.contains("Joint letter: no austerity as a way out of the COVID-19 crisis"))
            #expect(html.contains("Newest practices") && html.contains(#"href="/practices/"#))
            #expect(html.contains(#"type="application/atom+xml" href="/feeds/live.atom""#))
        }
    }

    @Test func anOfficerSeesNeedsNearTheirCityFirstAndStatementsOpenForSignature() async throws {
        try await withAmity { app async throws in
            try await AidTests.clearBoard(app)
            let taichung = try await app.credentials(Demo.taichung)
            let newTaipei = try await app.credentials(Demo.newTaipei), cincinnati = try await app.credentials(Demo.cincinnati)
            // Cincinnati posts first, so "newest first" would put it on top; "nearest first" must not.
            _ = try await app.api(.POST, "/api/v1/needs", as: cincinnati, json: #"{"cityId":4508722,"item":"gloves","quantity":900,"urgency":5}"#)
            _ = try await app.api(.POST, "/api/v1/needs", as: newTaipei, json: #"{"cityId":12908892,"item":"gown","quantity":1200,"urgency":3}"#)
            let draft = try await app.api(.POST, "/api/v1/statements", as: newTaipei,
                                          json: #"{"hostCityId":12908892,"title":"Sister cities keep their word","text":"We help our partners."}"#).json(StatementDTO.self)
            _ = try await app.api(.POST, "/api/v1/statements/\(draft.id)/open", as: newTaipei, json: #"{"closesAt":"2099-01-01T00:00:00Z"}"#)

            let html = try await app.page("/", as: taichung).body.string
            #expect(html.contains("Needs near Taichung") && html.contains("Offers near Taichung"))
            let near = try #require(html.range(of: "1,200 Protective gown")), far = try #require(html.range(of: "900 Medical gloves"))
            #expect(near.lowerBound < far.lowerBound, "New Taipei's need, 130 km away, comes before Cincinnati's")
            #expect(html.contains(" km</span>"))
            #expect(!html.contains("No city has an open need now"))
            #expect(html.contains("Sister cities keep their word") && html.contains("closes 1 January 2099"))

            // A reader with no city sees the same needs, newest first, and in their language.
            try await app.testing().test(.GET, "/", headers: ["Accept-Language": "zh-TW"]) { res async throws in
                #expect(res.body.string.contains("尚待回應的需求") && res.body.string.contains("防護衣"))
            }
        }
    }
}
