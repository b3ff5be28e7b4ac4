@testable import AmityServer
import Testing
import Vapor
import VaporTesting

/// Directory pages are shared between visitors who are not signed in, revalidate with ETags, and
/// never outlive a write.
@Suite struct PublicPageTests {
    @Test func aVisitorGetsTheSharedPageAndA304WhenItHasNotChanged() async throws {
        try await withAmity { app async throws in
            let first = try await app.page("/cities/\(Demo.taichungID)")
            let etag = try #require(first.headers.first(name: .eTag))
            #expect(first.headers.first(name: .cacheControl) == "public, max-age=10")
            #expect(first.headers.first(name: .vary) == "Accept-Language, Cookie")
            let second = try await app.page("/cities/\(Demo.taichungID)")
            #expect(second.headers.first(name: .eTag) == etag)
            #expect(second.body.string == first.body.string)
            #expect(second.headers.first(name: "Content-Security-Policy") != nil, "a stored page still gets the security headers")
            try await app.testing().test(.GET, "/cities/\(Demo.taichungID)", headers: ["If-None-Match": etag]) { res async throws in
                #expect(res.status == .notModified)
                #expect(res.body.readableBytes == 0)
            }
            try await app.testing().test(.GET, "/cities/\(Demo.taichungID)", headers: ["If-None-Match": "\"other\", W/\(etag)"]) { res async throws in
                #expect(res.status == .notModified, "a weak tag in a list matches too")
            }
            try await app.testing().test(.GET, "/cities/\(Demo.taichungID)", headers: ["If-None-Match": "\"other\""]) { res async throws in
                #expect(res.status == .ok)
            }
            // Another language is another page.
            try await app.testing().test(.GET, "/cities/\(Demo.taichungID)?lang=zh-Hant") { res async throws in
                #expect(res.headers.first(name: .eTag) != etag)
                #expect(res.body.string.contains("臺中"))
            }
        }
    }

    @Test(arguments: ["/feeds/live.atom", "/feeds/cities/1668399.atom", "/calendars/all.ics", "/calendars/networks/citynet.ics"])
    func feedsAndCalendarsRevalidateToo(_ path: String) async throws {
        try await withAmity { app async throws in
            var etag = ""
            try await app.testing().test(.GET, path) { res async throws in
                #expect(res.status == .ok)
                etag = try #require(res.headers.first(name: .eTag))
                #expect(res.headers.first(name: .cacheControl) == "public, max-age=10")
            }
            try await app.testing().test(.GET, path, headers: ["If-None-Match": etag]) { res async throws in
                #expect(res.status == .notModified)
            }
        }
    }

    @Test func aSignedInReaderGetsTheirOwnPageNeverAStoredOne() async throws {
        try await withAmity { app async throws in
            _ = try await app.page("/cities/\(Demo.taichungID)")
            let officer = try await app.credentials(Demo.taichung)
            let page = try await app.page("/cities/\(Demo.taichungID)", as: officer)
            #expect(page.headers.first(name: .eTag) == nil)
            #expect(page.headers.first(name: .cacheControl) == "private, no-store")
            #expect(page.body.string.contains(#"name="csrf""#), "their page has their forms")
            // And what they saw is not handed to the next visitor.
            #expect(!(try await app.page("/cities/\(Demo.taichungID)")).body.string.contains(#"name="csrf""#))
        }
    }

    @Test func aWriteShowsAtOnce() async throws {
        try await withAmity { app async throws in
            let before = try await app.page("/cities/\(Demo.taichungID)")
            #expect(!before.body.string.contains("Office of Sister Cities"))
            let officer = try await app.credentials(Demo.taichung)
            try await app.form("/cities/\(Demo.taichungID)/profile", as: officer, fields: ["office": "Office of Sister Cities", "languages": "en"])
            let after = try await app.page("/cities/\(Demo.taichungID)")
            #expect(after.body.string.contains("Office of Sister Cities"))
            #expect(after.headers.first(name: .eTag) != before.headers.first(name: .eTag))
        }
    }

    @Test func aPageRenderedBeforeAWriteIsNotKept() {
        let pages = PublicPages()
        let generation = pages.generation
        pages.forgetAll()
        _ = pages.keep("en /cities/1", body: ByteBuffer(string: "old"), contentType: "text/html", renderedIn: generation)
        #expect(pages.page("en /cities/1") == nil)
        _ = pages.keep("en /cities/1", body: ByteBuffer(string: "new"), contentType: "text/html", renderedIn: pages.generation)
        #expect(pages.page("en /cities/1")?.body == ByteBuffer(string: "new"))
    }

    @Test func pagesExpireAndStayWithinTheirBudget() async throws {
        let pages = PublicPages(lifetime: .milliseconds(50), budget: 10)
        _ = pages.keep("a", body: ByteBuffer(string: "123456"), contentType: "text/html", renderedIn: 0)
        _ = pages.keep("b", body: ByteBuffer(string: "123456"), contentType: "text/html", renderedIn: 0)
        #expect(pages.page("a") == nil, "over the budget the cache starts afresh")
        #expect(pages.page("b") != nil)
        try await Task.sleep(for: .milliseconds(80))
        #expect(pages.page("b") == nil)
    }
}

@Suite struct PublicPageFormTests {
    @Test(arguments: [("<form><input name=\"csrf\" value=\"x\"></form>", true), ("<p>name=csrf</p>", false), ("", false),
                      (String(repeating: "a", count: 20_000) + "name=\"csrf\"", true)])
    func aPageWithAFormIsToldApart(_ html: String, _ holds: Bool) {
        #expect(PublicPageMiddleware.holdsAForm(ByteBuffer(string: html)) == holds)
    }
}
