@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import NIOCore
import Testing
import Vapor
import VaporTesting

/// One regression test per finding of the December 2026 security review, named by its id.
@Suite struct SecurityTests {
    @Test func c1ProductionCreatesNoAccount() async throws {
        try await withAmity(seed: .gazetteer(sampleGazetteer)) { app async throws in
            #expect(try await City.query(on: app.db).count() > 0, "the gazetteer loads")
            #expect(try await Person.query(on: app.db).count() == 0, "and no account, demo or other")
            try await app.form("/sign-in", fields: ["email": Demo.admin, "password": DemoAccounts.password]) { res async throws in
                #expect(res.status == .badRequest)
            }
        }
    }

    @Test func h1ASecretariatCannotMakeItsOwnOfficerForACityItJustAdded() async throws {
        try await withAmity { app async throws in
            let citynet = try await app.credentials(Demo.citynet), reader = try await app.credentials(Demo.reader)
            let sydney = try #require(try await City.query(on: app.db).filter(\.$countryCode == "AU").first()?.requireID())
            try await app.api(.POST, "/api/v1/networks/citynet/members", as: citynet, json: #"{"cityId":\#(sydney),"role":"member"}"#) { res async throws in
                #expect(res.status == .created)
                #expect(try res.json(MembershipDTO.self).confirmed == false)
            }
            try await app.api(.POST, "/api/v1/role-requests", as: reader, json: #"{"role":"officer","cityId":\#(sydney),"title":"Officer"}"#)
            let request = try #require(try await RoleRequest.query(on: app.db).filter(\.$cityID == sydney).first()?.requireID())
            try await app.api(.POST, "/api/v1/role-requests/\(request)/verify", as: citynet, json: "{}") { res async throws in
                #expect(res.status == .forbidden, "an unconfirmed membership gives the secretariat no say over the city")
            }
            // Once an officer of the city (here an administrator) confirms, the membership stands.
            try await app.api(.POST, "/api/v1/networks/citynet/members/\(sydney)/confirm", as: try await app.credentials(Demo.admin)) { res async throws in
                #expect(res.status == .noContent)
            }
            try await app.api(.POST, "/api/v1/role-requests/\(request)/verify", as: citynet, json: "{}") { res async throws in #expect(res.status == .ok) }
        }
    }

    @Test func h2AndL6ACityHistoryShowsNoDraftsVotesOrRegistrations() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung)
            _ = try await KnowledgeTests.create(app, as: taichung)
            _ = try await app.api(.POST, "/api/v1/events/1/registrations", as: taichung, json: #"{"cityId":1668399}"#)
            try await app.api(.PUT, "/api/v1/cities/1668399/profile", as: taichung, json: #"{"office":"International Affairs Section","languages":["zh"]}"#)
            let history = try await app.api(.GET, "/api/v1/cities/1668399/history?limit=100").json(CursorPage<AuditEntryDTO>.self)
            #expect(!history.items.isEmpty)
            #expect(history.items.allSatisfy { AuditLog.publicCityEntities.contains($0.entity) }, "\(history.items.map(\.entity))")
            #expect(history.items.allSatisfy { $0.before == nil && $0.after == nil })
            #expect(!String(describing: history).contains("Hotline for elders"))
        }
    }

    @Test func h3HugeContributionsAreRefusedAndTotalsNeverTrap() async throws {
        try await withAmity { app async throws in
            let newTaipei = try await app.credentials(Demo.newTaipei)
            let campaign = try await app.api(.POST, "/api/v1/campaigns", as: newTaipei,
                json: #"{"cityId":12908892,"beneficiaryCityId":4508722,"title":"PPE","target":1000000000000,"currency":"USD"}"#).json(CampaignDTO.self)
            for amount in ["9223372036854775807", "9223372036854775808", "1000000000001", "-1"] {
                try await app.api(.POST, "/api/v1/campaigns/\(campaign.id)/contributions", as: newTaipei, json: #"{"amount":\#(amount),"giver":"x"}"#) { res async throws in
                    #expect(res.status == .badRequest, "\(amount)")
                }
            }
            for _ in 0..<3 {
                try await app.api(.POST, "/api/v1/campaigns/\(campaign.id)/contributions", as: newTaipei, json: #"{"amount":1000000000000,"giver":"x"}"#)
            }
            // Rows written before the bound (or by hand) still never stop the server.
            let gift = ContributionRecord()
            (gift.campaignID, gift.amount, gift.giver, gift.publicCredit, gift.at) = (campaign.id, .max, "x", false, Date())
            try await gift.create(on: app.db)
            #expect(try await app.api(.GET, "/api/v1/campaigns/\(campaign.id)").json(CampaignDTO.self).raised == .max)
            #expect(try await app.page("/aid").status == .ok)
            try await app.api(.POST, "/api/v1/needs", as: newTaipei, json: #"{"cityId":12908892,"item":"gown","quantity":9223372036854775807,"urgency":3}"#) { res async throws in
                #expect(res.status == .badRequest)
            }
        }
    }

    @Test func h5AndL1ForgedCursorsAndMonstrousTermsAreRefusedOrIgnored() async throws {
        try await withAmity { app async throws in
            for offset in [Int.min, -5, Library.maximumOffset + 1] {
                let cursor = Cursor(key: [.int(offset)]).token
                try await app.api(.GET, "/api/v1/search?q=mask&cursor=\(cursor)") { res async throws in #expect(res.status == .badRequest, "\(offset)") }
            }
            let jamo = String(repeating: "\u{1100}", count: 700)
            try await app.api(.GET, "/api/v1/search?q=\(encoded(jamo))") { res async throws in #expect(res.status == .ok) }
            try await app.api(.GET, "/api/v1/search?q=\(String(repeating: "a", count: 2100))") { res async throws in #expect(res.status == .ok) }
        }
    }

    @Test func m1RenderedMarkdownCarriesNoCode() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung)
            let body = "[x](https://a.example/\"onmouseover=\"alert(1)) and\n\n```x\" onclick=\"alert(1)\ncode\n```\n"
            let fields: [String: Any] = ["cityId": 1668399, "title": "Quotes", "summary": "s", "body": body, "area": "vulnerable-groups", "language": "en"]
            let json = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
            let practice = try await KnowledgeTests.create(app, as: taichung, json: json)
            #expect(!practice.bodyHtml.contains("onmouseover="), "\(practice.bodyHtml)")
            #expect(!practice.bodyHtml.contains("onclick=\""), "\(practice.bodyHtml)")
            #expect(MarkupShape.onlyAllowedTags(practice.bodyHtml), "\(practice.bodyHtml)")
        }
    }

    @Test func m2SignInNeverSendsTheBrowserToAnotherSite() async throws {
        for evil in ["/\t/evil.example/", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/ /evil.example", "/%09/x\u{7F}"] {
            #expect(localPath(evil) == "/account", "\(evil.debugDescription)")
        }
        #expect(localPath("/cities/1668399?lang=zh-Hant") == "/cities/1668399?lang=zh-Hant")
        try await withAmity { app async throws in
            try await app.form("/sign-in", fields: ["email": Demo.reader, "password": DemoAccounts.password, "next": "/\t/evil.example/"]) { res async throws in
                #expect(res.headers.first(name: .location) == "/account")
            }
        }
    }

    @Test func m3ParallelGuessesGetNoMoreTriesThanSequentialOnes() async throws {
        try await withAmity { app async throws in
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<16 {
                    group.addTask { try await app.form("/sign-in", fields: ["email": Demo.reader, "password": "Wrong-Password-123"]).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            let checked = try await SignInAttempt.query(on: app.db).filter(\.$email == Demo.reader).count()
            #expect(checked <= 5, "\(checked) passwords were checked; statuses \(statuses)")
            #expect(statuses.filter { $0 == 429 }.count >= 11, "\(statuses)")
        }
    }

    @Test func m3ForwardedAddressesAreBelievedOnlyFromConfiguredProxies() async throws {
        try await withAmity { app async throws in
            func client(peer: String, forwarded: String...) throws -> String {
                let request = Request(application: app, method: .GET, url: "/", headers: HTTPHeaders(forwarded.map { ("X-Forwarded-For", $0) }),
                                      remoteAddress: try SocketAddress(ipAddress: peer, port: 1), on: app.eventLoopGroup.any())
                return request.clientAddress
            }
            #expect(try client(peer: "203.0.113.9", forwarded: "198.51.100.1") == "203.0.113.9", "a stranger's header is ignored")
            app.amity.trustedProxies = ["10.0.0.2"]
            #expect(try client(peer: "10.0.0.2", forwarded: "198.51.100.1, 10.0.0.2") == "198.51.100.1")
            #expect(try client(peer: "10.0.0.2", forwarded: "6.6.6.6, 198.51.100.1") == "198.51.100.1", "only the hop the proxy saw counts")
            app.amity.trustedProxies = ["10.0.0.2", "10.0.0.3"]
            #expect(try client(peer: "10.0.0.2", forwarded: "198.51.100.1,10.0.0.3 ,  ") == "198.51.100.1", "proxies and empty hops are passed over")
            #expect(try client(peer: "10.0.0.2", forwarded: "6.6.6.6", "198.51.100.7, 10.0.0.3") == "198.51.100.7", "the last header line is the nearest")
            #expect(try client(peer: "10.0.0.2", forwarded: "10.0.0.3", "") == "10.0.0.2", "only proxies: the peer")
            #expect(try client(peer: "10.0.0.2") == "10.0.0.2", "no header: the peer")
        }
    }

    @Test func aPathIsCheckedAsTheRouterReadsIt() async throws {
        try await withAmity { app async throws in
            let cases = ["/api/v1": "/api/v1", "//api//v1/": "/api/v1", "/": "/", "": "/", "/a/b/": "/a/b", "a/b": "/a/b",
                         "/api/v1/rationing/programmes/1/entitlement": "/api/v1/rationing/programmes/1/entitlement", "///": "/", "/x//": "/x"]
            for (path, read) in cases {
                #expect(Request(application: app, url: URI(path: path), on: app.eventLoopGroup.any()).routePath == read, "\(path)")
            }
            #expect(AuthenticationMiddleware.isAnonymousWrite("/api/v1/rationing/programmes/1/entitlement"))
            #expect(AuthenticationMiddleware.isAnonymousWrite("/rationing/1/entitlement") && AuthenticationMiddleware.isAnonymousWrite("/sign-in"))
            #expect(!AuthenticationMiddleware.isAnonymousWrite("/api/v1/cities/1/entitlement") && !AuthenticationMiddleware.isAnonymousWrite("/entitlement"))
            #expect(!AuthenticationMiddleware.isAnonymousWrite("/api/v1/rationing/programmes/1/sales"))
            #expect(!AuthenticationMiddleware.isAnonymousWrite("/api/v1/myprogrammes/1/entitlement") && !AuthenticationMiddleware.isAnonymousWrite("programmes/entitlement"))
            #expect(AuthenticationMiddleware.isAnonymousWrite("programmes/7/entitlement"))
            // A request a route matched is read by the route's pattern, as the router matched it.
            let matched = Request(application: app, method: .POST, url: URI(path: "//api/v1/rationing/programmes/7/entitlement/"), on: app.eventLoopGroup.any())
            matched.route = app.routes.all.first { $0.method == .POST && $0.pattern.hasSuffix("/programmes/:programme/entitlement") }
            #expect(matched.routePath == "/api/v1/rationing/programmes/:programme/entitlement" && matched.isAPI)
            #expect(AuthenticationMiddleware.isAnonymousWrite(matched.routePath))
            #expect(app.routes.all.filter { AuthenticationMiddleware.isAnonymousWrite($0.pattern) && $0.method == .POST }.map(\.pattern).sorted()
                    == ["/api/v1/rationing/programmes/:programme/entitlement", "/api/v1/statements/verify", "/confirm-address", "/forgot-password",
                        "/rationing/:programme/entitlement", "/reset-password", "/sign-in", "/sign-out", "/sign-up"])
        }
    }

    @Test func m3IPv6CallersAreLimitedByTheirSlash64() async throws {
        #expect(Request.network(of: "2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64")
        #expect(Request.network(of: "2001:0db8:0001:0002:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64")
        #expect(Request.network(of: "2001:db8:1:3::1") == "2001:db8:1:3::/64")
        #expect(Request.network(of: "::ffff:203.0.113.7") == "203.0.113.7")
        #expect(Request.network(of: "203.0.113.7") == "203.0.113.7")
        #expect(Request.network(of: "unknown") == "unknown")
        try await withAmity { app async throws in
            // Entitlement questions from one machine behind the proxy, a new address of its /64 each time.
            app.amity.trustedProxies = ["10.0.0.2"]
            let made = try await RationingFixture.make(app)
            let programme = try #require(try await ProgrammeRecord.find(made.programme, on: app.db))
            func ask(from address: String) async throws -> HTTPStatus {
                let request = Request(application: app, method: .POST, url: "/", headers: ["X-Forwarded-For": address],
                                      remoteAddress: try SocketAddress(ipAddress: "10.0.0.2", port: 1), on: app.eventLoopGroup.any())
                do {
                    _ = try await Entitlements(request: request).answer(programme, EntitlementRequest(document: "Z999999999", birth: "1980-01-01"))
                    return .ok
                } catch let error as any AbortError {
                    return error.status
                } catch is DomainError {
                    return .badRequest   // an unknown document: asked, and counted
                }
            }
            for n in 0..<30 { #expect(try await ask(from: "2001:db8:1:2::\(String(n + 1, radix: 16))") == .badRequest) }
            #expect(try await ask(from: "2001:db8:1:2:ffff::1") == .tooManyRequests, "another address of the same /64")
            #expect(try await ask(from: "2001:db8:1:3::1") == .badRequest, "another /64 has its own allowance")
        }
    }

    @Test func m4PlansOverTheWebAreBoundedQueuedAndRateLimited() async throws {
        try await withAmity { app async throws in
            let (_, _, taichung, _) = try await AidTests.offerAndNeed(app)
            let body = #"{"cityId":1668399}"#
            // Too large for the web: refused at once, with the way out.
            app.planLimits.maximumOffers = 0
            try await app.api(.POST, "/api/v1/plans", as: taichung, json: body) { res async throws in
                #expect(res.status == .badRequest && res.body.string.contains("amity allocate"), "\(res.body.string)")
            }
            app.planLimits = PlanLimits()
            // Not made in the request: 202, and the job made by the worker.
            try await app.api(.POST, "/api/v1/plans", as: taichung, json: body) { res async throws in
                #expect(res.status == .accepted && res.headers.first(name: .location)?.hasPrefix("/api/v1/plan-jobs/") == true)
                #expect(["queued", "running", "done"].contains(try res.json(PlanJobDTO.self).status))
            }
            // Two unfinished plans per person; a long line refuses everyone.
            try await PlanJobTests.job(app, by: taichung, status: .running, worker: "elsewhere")
            try await PlanJobTests.job(app, by: taichung, status: .running, worker: "elsewhere")
            try await app.api(.POST, "/api/v1/plans", as: taichung, json: body) { res async throws in
                #expect(res.status == .tooManyRequests)
                #expect(res.headers.first(name: "Retry-After") != nil, "the 429 says when to come back")
            }
            app.planLimits = PlanLimits(pendingPerPerson: 100, queued: 0)
            try await app.api(.POST, "/api/v1/plans", as: taichung, json: body) { res async throws in #expect(res.status == .serviceUnavailable) }
            // Twenty plans an hour per person.
            app.planLimits = PlanLimits(pendingPerPerson: 100)
            app.rateLimits = RateLimits()
            var statuses: [UInt] = []
            for _ in 0..<21 { statuses.append(try await app.api(.POST, "/api/v1/plans", as: taichung, json: body).status.code) }
            #expect(statuses.last == 429 && statuses.dropLast().allSatisfy { $0 == 202 }, "\(statuses)")
        }
    }

    @Test func m3AFloodOfDistinctAddressesIsSweptNotScannedOnEveryCall() throws {
        let limit = RateLimit(limit: 2, per: 60)
        let start = Date(timeIntervalSince1970: 1_600_000_000)
        for n in 0..<25_000 { try limit.take("address:10.\(n >> 16).\((n >> 8) & 255).\(n & 255)", now: start, what: "questions") }
        #expect(limit.callers == 25_000, "all within the window are kept, and the sweep waits for the map to double")
        try limit.take("address:10.0.0.0", now: start, what: "questions")
        #expect(throws: Abort.self) { try limit.take("address:10.0.0.0", now: start, what: "questions") }
        for n in 0..<25_001 { try limit.take("address:11.\(n >> 16).\((n >> 8) & 255).\(n & 255)", now: start.addingTimeInterval(61), what: "questions") }
        #expect(limit.callers <= 25_002, "the first wave, past its window, was swept out")
    }

    @Test func m5LiveStreamsAreCappedPerAddressAndInAll() async throws {
        try await withAmity(seeded: false) { app async throws in
            let hub = LiveHub(postgres: nil, logger: app.logger, maximumStreams: 10, maximumStreamsPerAddress: 3)
            defer { hub.close() }
            var ids: [UUID] = []
            for _ in 0..<3 { ids.append(try hub.join(address: "198.51.100.1", database: app.db).id) }
            #expect(throws: Abort.self) { try hub.join(address: "198.51.100.1", database: app.db) }
            hub.leave(ids.removeFirst())
            ids.append(try hub.join(address: "198.51.100.1", database: app.db).id)
            for i in 0..<7 { ids.append(try hub.join(address: "203.0.113.\(i)", database: app.db).id) }
            #expect(hub.streamCount == 10)
            #expect(throws: Abort.self) { try hub.join(address: "192.0.2.1", database: app.db) }
        }
    }

    @Test func m6StatementDraftsAreTheirAuthorsAlone() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung), newTaipei = try await app.credentials(Demo.newTaipei)
            let draft = try await app.api(.POST, "/api/v1/statements", as: taichung,
                                          json: #"{"hostCityId":1668399,"title":"Still negotiating","text":"Draft words."}"#).json(StatementDTO.self)
            #expect(try await app.api(.GET, "/api/v1/statements/\(draft.id)").status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/statements/\(draft.id)", as: newTaipei).status == .notFound)
            #expect(try await app.page("/statements/\(draft.id)").status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/statements/\(draft.id)", as: taichung).status == .ok)
            #expect(!(try await app.api(.GET, "/api/v1/statements").body.string.contains("Still negotiating")))
            #expect(try await app.api(.GET, "/api/v1/statements", as: taichung).body.string.contains("Still negotiating"))
        }
    }

    @Test func m9AClaimOpensNothingAndOneSideCannotSeverAlone() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung), cincinnati = try await app.credentials(Demo.cincinnati)
            let claimed = try await app.api(.POST, "/api/v1/partnerships", as: taichung,
                json: #"{"cities":[1668399,4508722],"kind":"sister-city","history":[{"kind":"signed","on":"2015"}]}"#).json(PartnershipDTO.self)
            #expect(claimed.claimedBy == 1668399)
            let campaign = #"{"cityId":1668399,"beneficiaryCityId":4508722,"title":"For Cincinnati","target":100,"currency":"USD"}"#
            #expect(try await app.api(.POST, "/api/v1/campaigns", as: taichung, json: campaign).status == .badRequest, "a claim is no partnership yet")
            try await app.api(.POST, "/api/v1/partnerships/\(claimed.id)/confirm", as: cincinnati)
            #expect(try await app.api(.POST, "/api/v1/campaigns", as: taichung, json: campaign).status == .created)
            let severed = try await app.api(.POST, "/api/v1/partnerships/\(claimed.id)/events", as: taichung,
                                            json: #"{"kind":"severed","on":"2020-04"}"#).json(PartnershipDTO.self)
            #expect(severed.status == .active, "one side's severance waits for the other's confirmation")
            let confirmed = try await app.api(.POST, "/api/v1/partnerships/\(claimed.id)/events/1/confirm", as: cincinnati).json(PartnershipDTO.self)
            #expect(confirmed.status == .severed)
        }
    }

    @Test func m8AndL4TokensAreNeverKeptInIdempotencyRecordsNorOutliveTheirParent() async throws {
        try await withAmity { app async throws in
            let reader = try await app.credentials(Demo.reader)
            var secret = ""
            try await app.api(.POST, "/api/v1/tokens", as: reader, json: #"{"name":"CI"}"#, headers: ["Idempotency-Key": "k1"]) { res async throws in
                #expect(res.status == .created)
                secret = try res.json(CreatedAPITokenDTO.self).token
            }
            let stored = try await IdempotencyRecord.query(on: app.db).all().map { $0.body ?? "" }.joined()
            #expect(!secret.isEmpty && !stored.contains(secret))
            try await app.api(.POST, "/api/v1/tokens", as: reader, json: #"{"name":"CI"}"#, headers: ["Idempotency-Key": "k1"]) { res async throws in
                #expect(res.status == .conflict)
                #expect(!res.body.string.contains(secret))
            }
            // The child token works, makes no tokens, and dies with its parent.
            let child = Credentials(personID: reader.personID, bearer: secret, session: "")
            #expect(try await app.api(.GET, "/api/v1/me", as: child).status == .ok)
            #expect(try await app.api(.POST, "/api/v1/tokens", as: child, json: #"{"name":"grandchild"}"#).status == .forbidden)
            let parent = try #require(try await APIToken.query(on: app.db).filter(\.$tokenHash == Secret.hash(reader.bearer)).first())
            try await app.api(.DELETE, "/api/v1/tokens/\(try parent.requireID())", as: reader)
            #expect(try await app.api(.GET, "/api/v1/me", as: child).status == .unauthorized)
        }
    }

    @Test func l4AChangedPasswordEndsEveryTokenAndSession() async throws {
        try await withAmity { app async throws in
            let reader = try await app.credentials(Demo.reader)
            try await app.api(.POST, "/api/v1/me/password", as: reader,
                              json: #"{"currentPassword":"\#(DemoAccounts.password)","newPassword":"Another-Good-Pass-2024"}"#) { res async throws in
                #expect(res.status == .noContent)
            }
            #expect(try await app.api(.GET, "/api/v1/me", as: reader).status == .unauthorized)
            #expect(try await app.page("/account", as: reader).status == .seeOther)
        }
    }

    @Test func l4SessionsEndWhenIdleAndAtTheirAbsoluteLimit() async throws {
        try await withAmity { app async throws in
            let start = Date()
            app.clock = WallClock { start }
            let idle = try await app.credentials(Demo.reader), busy = try await app.credentials(Demo.reader)
            // As a sign-in leaves them: three days to the idle deadline.
            try await WebSession.query(on: app.db).set(\.$expiresAt, to: start.addingTimeInterval(WebSessions.idle)).update()
            func at(_ days: Double) { app.clock = WallClock { start.addingTimeInterval(days * 86_400) } }
            at(2)
            #expect(try await app.page("/account", as: idle).status == .ok, "in use within three days: renewed")
            for day in stride(from: 2.0, through: 12.5, by: 2.5) {
                at(day)
                #expect(try await app.page("/account", as: busy).status == .ok, "day \(day)")
            }
            at(13)
            #expect(try await app.page("/account", as: idle).status == .seeOther, "more than three days unused")
            #expect(try await app.page("/account", as: busy).status == .ok)
            at(14.5)
            #expect(try await app.page("/account", as: busy).status == .seeOther, "past fourteen days, used or not")
        }
    }

    @Test func l4AFormTokenIsBoundToItsSessionNotToACookie() async throws {
        try await withAmity { app async throws in
            let officer = try await app.credentials(Demo.taichung), other = try await app.credentials(Demo.taichung)
            // The page carries the session's token, not the cookie's.
            let page = try await app.page("/cities/\(Demo.taichungID)/profile/edit", as: officer)
            #expect(page.body.string.contains(#"value="\#(officer.csrf)""#) && !page.body.string.contains("test-csrf-token"))
            // A cookie and field that agree (what a sibling subdomain could toss in) are not enough,
            // nor is another session's token.
            let before = try await app.auditCount()
            for token in ["test-csrf-token", other.csrf] {
                try await app.form("/cities/\(Demo.taichungID)/profile", as: officer, fields: ["office": "Hijacked", "languages": "en"], csrf: token) { res async throws in
                    #expect(res.status == .forbidden, "\(token)")
                }
            }
            #expect(try await app.auditCount() == before)
            try await app.form("/cities/\(Demo.taichungID)/profile", as: officer, fields: ["office": "International Affairs", "languages": "en"]) { res async throws in
                #expect(res.status == .seeOther)
            }
        }
    }

    @Test func l9AStatementExportUpToFourMegabytesCanBeChecked() async throws {
        try await withAmity(seeded: false) { app async throws in
            let padding = String(repeating: "x", count: 200_000)
            let body = #"{"statementId":1,"version":1,"title":"t","text":"\#(padding)","textHash":"0","entries":[],"head":"0"}"#
            let response = try await app.api(.POST, "/api/v1/statements/verify", json: body)
            #expect(response.status == .ok, "\(response.status)")
            #expect(try response.json(VerificationDTO.self).intact == false)
        }
    }

    @Test func l2SpreadsheetFormulasAreNeutralised() {
        #expect(CSV.field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSV.field("@SUM(A1)") == "'@SUM(A1)" && CSV.field("+SUM(A1)") == "'+SUM(A1)" && CSV.field("-5") == "-5")
        #expect(CSV.field("Taichung") == "Taichung" && CSV.field("") == "")
        // Quoted when a line break is a CRLF pair too (one Character in Swift, equal to neither half).
        #expect(CSV.field("Line 1\r\nLine 2") == "\"Line 1\r\nLine 2\"" && CSV.field("a, \"b\"") == "\"a, \"\"b\"\"\"")
    }

    @Test func l3FeedsTakeTheirAddressFromConfigurationNotTheRequest() async throws {
        try await withAmity { app async throws in
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .host, value: "evil.example")
            try await app.testing().test(.GET, "/feeds/live.atom", headers: headers) { res async throws in
                #expect(!res.body.string.contains("evil.example"))
                #expect(res.body.string.contains(app.amity.publicURL))
            }
        }
    }

    @Test func l7ADoubleSlashDoesNotLetACookieIntoTheAPI() async throws {
        try await withAmity { app async throws in
            let reader = try await app.credentials(Demo.reader)
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "amity_session=\(reader.session)")
            try await app.testing().test(.GET, "//api/v1/me", headers: headers) { res async throws in #expect(res.status == .unauthorized) }
        }
    }
}

/// An independent check of rendered HTML: every tag is one of the allowed elements, with only
/// the allowed attributes, quoted, and no `<` stands anywhere else.
enum MarkupShape {
    static var tag: Regex<(Substring, Substring, Substring)> { #/<\/?(p|br|hr|h[1-6]|strong|em|b|i|del|s|code|pre|blockquote|ul|ol|li|a|table|thead|tbody|tr|th|td)((?: (?:href|rel|class|start|align)="[^"<>]*")*)>/# }

    static func onlyAllowedTags(_ html: String) -> Bool {
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            guard let match = rest[open...].prefixMatch(of: tag) else { return false }
            if match.output.2.contains("href=\"") {
                let href = match.output.2.split(separator: "\"").dropFirst().first.map(String.init) ?? ""
                let lower = href.lowercased()
                if !(lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") || lower.hasPrefix("/") || lower.hasPrefix("#")) { return false }
            }
            rest = rest[match.range.upperBound...]
        }
        return true
    }
}

/// M1 and M11: the OWASP filter-evasion vectors, as Markdown through SafeMarkdown and as HTML
/// straight into the allow-list (as if a renderer had let them through untouched).
@Suite struct MarkdownSanitisingTests {
    static let vectors: [String] = {
        let text = (try? String(contentsOfFile: packageRoot + "Tests/Fixtures/xss-vectors.txt", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
            .map { $0.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t") }
    }()

    @Test func theFixtureIsThere() { #expect(Self.vectors.count >= 80) }

    @Test(arguments: vectors)
    func noVectorSurvives(_ vector: String) {
        for html in [SafeMarkdown.html(vector), HTMLAllowList.clean(vector)] {
            #expect(MarkupShape.onlyAllowedTags(html), "\(vector.debugDescription) became \(html.debugDescription)")
            #expect(!html.lowercased().contains("javascript:") || !html.contains("href=\"javascript"), "\(html)")
        }
    }

    @Test func whatWritersUseStillRenders() {
        let html = SafeMarkdown.html("# Hotline\n\nVolunteers **call** each *elder*.\n\n1. [Guide](https://example.org/a?b=1&c=2)\n2. `code`\n\n```swift\nlet x = 1 < 2\n```\n\n| a | b |\n|:-|-:|\n| 1 | 2 |")
        #expect(html.contains("<h1>Hotline</h1>") && html.contains("<strong>call</strong>") && html.contains("<em>elder</em>"), "\(html)")
        #expect(html.contains(#"<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener ugc">Guide</a>"#), "\(html)")
        #expect(html.contains(#"<code class="language-swift">let x = 1 &lt; 2"#), "\(html)")
        #expect(html.contains(#"<td align="left">1</td>"#), "\(html)")
        #expect(MarkupShape.onlyAllowedTags(html))
    }
}
