@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The rationing pages: the programmes with their rules' history, "my entitlement", the counter.
@Suite struct RationingPageTests {
    @Test func theProgrammePageShowsItsHistoryAndHidesTheTestOutlet() async throws {
        try await withAmity { app async throws in
            let list = try await app.page("/rationing")
            #expect(list.status == .ok && list.body.string.contains("口罩實名制") && list.body.string.contains("공적 마스크"))
            let taiwan = try await ProgrammeRecord.query(on: app.db).filter(\.$countryCode == "TW").first()!.requireID()
            let page = try await app.page("/rationing/\(taiwan)")
            let html = page.body.string
            #expect(page.status == .ok && html.contains("Version 8") && html.contains("Version 1") && html.contains("6 February 2020"))
            #expect(html.contains("0101090501") && !html.contains("虛擬"), "sample outlets with leading zeros; the test outlet hidden")
            #expect(!html.contains("/counter"), "the counter is for the programme's staff")
            let chinese = try await app.page("/rationing/\(taiwan)?lang=zh-Hant").body.string
            #expect(chinese.contains("第 8 版") && chinese.contains("現行"))
            let manager = try await app.credentials("manager@masks.example")
            let staff = try await app.page("/rationing/\(taiwan)", as: manager).body.string
            #expect(staff.contains("虛擬") && staff.contains("/rationing/\(taiwan)/counter"))
        }
    }

    @Test func aResidentAsksWhatSheMayStillBuy() async throws {
        try await withAmity { app async throws in
            let taiwan = try await ProgrammeRecord.query(on: app.db).filter(\.$countryCode == "TW").first()!.requireID()
            #expect(try await app.page("/rationing/\(taiwan)/entitlement").status == .ok)
            let answer = try await app.form("/rationing/\(taiwan)/entitlement", fields: ["document": "A123456784", "birth": "1976-05-14"])
            #expect(answer.status == .ok && answer.body.string.contains("10 of 10"), "\(answer.body.string.suffix(2000))")
            #expect(!answer.body.string.contains("A123456784"), "the number is never shown back")
            let wrong = try await app.form("/rationing/\(taiwan)/entitlement", fields: ["document": "A123456784", "birth": "1976-05-15"])
            #expect(wrong.status == .badRequest && wrong.body.string.contains("document-error"))
        }
    }

    @Test func theCounterChecksThenSells() async throws {
        try await withAmity { app async throws in
            let programme = try await ProgrammeRecord.query(on: app.db).filter(\.$countryCode == "TW").first()!
            let taiwan = try programme.requireID()
            let outlet = try await OutletRecord.query(on: app.db).filter(\.$programmeID == taiwan).filter(\.$isTest == false).sort(\.$code).first()!.requireID()
            #expect(try await app.page("/rationing/\(taiwan)/counter").status == .seeOther)
            let manager = try await app.credentials("manager@masks.example")
            #expect(try await app.page("/rationing/\(taiwan)/counter", as: manager).status == .ok)
            let fields = ["outlet": String(outlet), "doc0": "A123456784", "class0": "adult", "qty0": "10", "action": "check"]
            let check = try await app.form("/rationing/\(taiwan)/counter", as: manager, fields: fields)
            #expect(check.status == .ok && check.body.string.contains("TWD 40") && check.body.string.contains("value=\"sell\""))
            #expect(try await SaleRecord.query(on: app.db).count() == 0, "a check sells nothing")
            let saleID = check.body.string.firstMatch(of: /name="saleId" value="([^"]+)"/).map { String($0.1) } ?? ""
            var sell = fields
            (sell["action"], sell["saleId"]) = ("sell", saleID)
            let sold = try await app.form("/rationing/\(taiwan)/counter", as: manager, fields: sell)
            #expect(sold.body.string.contains("Sold:"))
            // Sent twice (a double tap), it sells once.
            _ = try await app.form("/rationing/\(taiwan)/counter", as: manager, fields: sell)
            #expect(try await SaleRecord.query(on: app.db).count() == 1)
            let again = try await app.form("/rationing/\(taiwan)/counter", as: manager, fields: fields)
            #expect(again.body.string.contains("10 of 10 (masks) already counted"), "\(again.body.string.suffix(1500))")
            let unknown = try await app.form("/rationing/\(taiwan)/counter", as: manager, fields: ["outlet": String(outlet), "doc0": "Z9", "class0": "adult", "qty0": "1", "action": "check"])
            #expect(unknown.status == .badRequest && unknown.body.string.contains("doc0-error"))
        }
    }
}
