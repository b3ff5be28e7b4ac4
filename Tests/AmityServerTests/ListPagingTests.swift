@testable import AmityServer
import Foundation
import Testing
import VaporTesting

/// Every list pages the same way and cuts nothing off: walked one item at a time, a list gives
/// exactly what one large page gives, in the same order; a bad `limit` or a forged cursor is a 400.
@Suite struct ListPagingTests {
    /// Lists the demo holds at least two entries of, and who may read them.
    static let lists: [(path: String, reader: String?)] = [
        ("/api/v1/statements", nil), ("/api/v1/resolutions", nil), ("/api/v1/events", nil), ("/api/v1/calls", nil),
        ("/api/v1/assemblies", nil), ("/api/v1/live/entries", nil), ("/api/v1/live/entries?after=1", nil),
        ("/api/v1/role-requests", Demo.admin), ("/api/v1/campaigns", nil), ("/api/v1/networks", nil), ("/api/v1/pledges", nil),
    ]

    /// Each item as canonical JSON, and the next cursor.
    static func page(_ app: Application, _ path: String, as who: Credentials?) async throws -> (items: [String], next: String?) {
        let res = try await app.api(.GET, path, as: who)
        #expect(res.status == .ok, "\(path): \(res.body.string)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any], "\(path) is not a page")
        let items = try #require(object["items"] as? [Any], "\(path) has no items")
        let canonical = try items.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        return (canonical, object["nextCursor"] as? String)
    }

    /// Adds to the lists the demo holds a single entry of (or none), so each has two to walk.
    static func fill(_ app: Application) async throws {
        let admin = try await app.credentials(Demo.admin)
        for (path, json) in [
            ("/api/v1/resolutions", #"{"cityId":1668399,"body":"City Council","title":"Solidarity with sister cities","adoptedOn":"2020-04-01","summary":"We stand with them."}"#),
            ("/api/v1/calls", #"{"networkId":"citynet","title":"What worked for markets","description":"Tell us.","areas":["economic-recovery"],"deadline":"2099-01-01T00:00:00Z"}"#),
            ("/api/v1/assemblies", #"{"networkId":"citynet","name":"CityNet Council","quorumPercent":50,"majority":"simple","memberCityIds":[1668399,1668341]}"#),
            ("/api/v1/campaigns", #"{"cityId":12908892,"beneficiaryCityId":4508722,"title":"Masks for Cincinnati","target":50000,"currency":"TWD"}"#),
            ("/api/v1/campaigns", #"{"cityId":12908892,"beneficiaryCityId":4508722,"title":"Gowns for Cincinnati","target":20000,"currency":"TWD"}"#),
        ] {
            let res = try await app.api(.POST, path, as: admin, json: json)
            #expect(res.status == .created, "\(path): \(res.body.string)")
        }
    }

    @Test func walkingOneAtATimeGivesTheWholeList() async throws {
        try await withAmity { app async throws in
            try await Self.fill(app)
            for (path, reader) in Self.lists {
                var who: Credentials?
                if let reader { who = try await app.credentials(reader) }
                let join = path.contains("?") ? "&" : "?"
                let whole = try await Self.page(app, path + join + "limit=100", as: who)
                #expect(whole.next == nil && whole.items.count >= 2, "\(path): \(whole.items.count) items")
                var walked: [String] = [], cursor: String?
                repeat {
                    let page = try await Self.page(app, path + join + "limit=1" + (cursor.map { "&cursor=" + $0 } ?? ""), as: who)
                    #expect(page.items.count == 1, "\(path) gave \(page.items.count) on a page of one")
                    walked += page.items
                    cursor = page.next
                } while cursor != nil && walked.count <= whole.items.count
                #expect(walked == whole.items, "\(path): one at a time is not the whole list")
            }
        }
    }

    @Test func aBadLimitOrCursorIsRefused() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin)
            let paths = Self.lists.map(\.path) + ["/api/v1/practices/moderation", "/api/v1/me/feed", "/api/v1/events/1/registrations"]
            for path in paths {
                let join = path.contains("?") ? "&" : "?"
                for query in ["limit=0", "limit=-1", "limit=101", "limit=9223372036854775807", "limit=1234567890123456789012345678901234567890",
                              "limit=many", "cursor=not-ours"] {
                    let res = try await app.api(.GET, path + join + query, as: admin)
                    #expect(res.status == .badRequest, "\(path)\(join)\(query) gave \(res.status)")
                }
            }
            // A cursor of the right shape holding an instant no calendar has: refused, never passed to
            // the database driver (PostgreSQL's would overflow its microseconds and stop the server).
            for forged in [#"["1e308",1]"#, #"["nan",1]"#, #"["-inf",1]"#, #"["99999999999999",1]"#] {
                let token = Data(forged.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                    .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
                let res = try await app.api(.GET, "/api/v1/events?cursor=\(token)")
                #expect(res.status == .badRequest, "\(forged) gave \(res.status)")
            }
        }
    }
}
