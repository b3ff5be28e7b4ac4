@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct AccountTests {
    @Test func signUpSignInAndSignOutInABrowser() async throws {
        try await withAmity { app async throws in
            try await app.form("/sign-up", fields: ["email": "Officer@Rockville.example", "displayName": "Rockville officer", "password": "Montgomery-County-2020"]) { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/sign-in?notice=signed_up")
            }
            // The same address again gets the same answer and creates nothing (no enumeration).
            let people: Int = try await Person.query(on: app.db).count()
            try await app.form("/sign-up", fields: ["email": "officer@rockville.example", "displayName": "Someone else", "password": "Another-Good-Pass-2024"]) { res async throws in
                #expect(res.headers.first(name: .location) == "/sign-in?notice=signed_up")
            }
            #expect(try await Person.query(on: app.db).count() == people)

            var session = ""
            try await app.form("/sign-in", fields: ["email": "officer@rockville.example", "password": "Montgomery-County-2020", "next": "/account"]) { res async throws in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/account")
                let cookie = try #require(res.headers.setCookie?[AuthenticationMiddleware.sessionCookie])
                #expect(cookie.isHTTPOnly && cookie.sameSite == .lax && cookie.isSecure == false)
                session = cookie.string
                // A new CSRF token: forms rendered before signing in no longer post.
                #expect(res.headers.setCookie?[CSRFMiddleware.cookieName]?.string.isEmpty == false)
            }
            let person = try await Person.query(on: app.db).filter(\.$email == "officer@rockville.example").first()!
            let who = Credentials(personID: person.id!, bearer: "", session: session, csrf: CSRFMiddleware.token(forSession: session))
            let page = try await app.page("/account", as: who)
            #expect(page.status == .ok && page.body.string.contains("Rockville officer") && page.body.string.contains(who.csrf))
            try await app.form("/sign-out", as: who) { res async throws in #expect(res.status == .seeOther) }
            let after = try await app.page("/account", as: who)
            #expect(after.status == .seeOther && after.headers.first(name: .location) == "/sign-in?next=/account")
        }
    }

    @Test func signInFailuresSayTheSameThingAndAreThrottled() async throws {
        try await withAmity { app async throws in
            var bodies: [String] = []
            for (email, password) in [("nobody@nowhere.example", "Whatever-Password-1"), (Demo.reader, "Wrong-Password-123")] {
                try await app.form("/sign-in", fields: ["email": email, "password": password]) { res async throws in
                    #expect(res.status == .badRequest)
                    bodies.append(res.body.string.contains("The email address or the password is wrong.") ? "same" : res.body.string)
                }
            }
            #expect(bodies == ["same", "same"])
            for _ in 0..<4 {
                try await app.form("/sign-in", fields: ["email": Demo.reader, "password": "Wrong-Password-123"])
            }
            // Locked: even the right password waits.
            try await app.form("/sign-in", fields: ["email": Demo.reader, "password": DemoAccounts.password]) { res async throws in
                #expect(res.status == .tooManyRequests)
                #expect(res.headers.first(name: "Retry-After").flatMap(Int.init) ?? 0 > 0)
            }
            let now = Date()
            app.clock = WallClock { now.addingTimeInterval(16 * 60) }
            try await app.form("/sign-in", fields: ["email": Demo.reader, "password": DemoAccounts.password]) { res async throws in
                #expect(res.status == .seeOther)
            }
        }
    }

    @Test func formsWithoutTheRightCSRFTokenChangeNothing() async throws {
        try await withAmity { app async throws in
            let officer = try await app.credentials(Demo.taichung)
            let before = try await app.auditCount()
            for csrf in [nil, "stale-token"] as [String?] {
                try await app.form("/cities/\(Demo.taichungID)/profile", as: officer, fields: ["office": "Hijacked", "languages": "en"], csrf: csrf) { res async throws in
                    #expect(res.status == .forbidden)
                    #expect(res.body.string.contains("This form has expired"))
                }
            }
            #expect(try await app.auditCount() == before)
            #expect(try await CityProfile.find(Demo.taichungID, on: app.db) == nil)
        }
    }

    @Test func apiTokensAreShownOnceStoredHashedAndCanBeRevokedOrExpire() async throws {
        try await withAmity { app async throws in
            let reader = try await app.credentials(Demo.reader)
            var secret = ""
            try await app.api(.POST, "/api/v1/tokens", as: reader, json: #"{"name":"laptop","expiresInDays":30}"#) { res async throws in
                #expect(res.status == .created)
                let created = try res.json(CreatedAPITokenDTO.self)
                secret = created.token
                #expect(secret.hasPrefix("amity_") && created.details.prefix == String(secret.prefix(12)))
            }
            #expect(try await APIToken.query(on: app.db).filter(\.$tokenHash == secret).count() == 0)
            #expect(try await APIToken.query(on: app.db).filter(\.$tokenHash == Secret.hash(secret)).count() == 1)
            let mine = Credentials(personID: reader.personID, bearer: secret, session: "")
            try await app.api(.GET, "/api/v1/me", as: mine) { res async throws in
                #expect(try res.status == .ok && (res.json(PersonDTO.self)).email == Demo.reader)
            }
            try await app.api(.GET, "/api/v1/tokens", as: mine) { res async throws in
                #expect(!res.body.string.contains(secret))
            }
            let now = Date()
            app.clock = WallClock { now.addingTimeInterval(31 * 86_400) }
            try await app.api(.GET, "/api/v1/me", as: mine) { res async throws in
                #expect(res.status == .unauthorized)
                #expect(try res.json(ProblemBody.self).detail?.contains("expired") == true)
            }
            app.clock = .system
            let id = try await APIToken.query(on: app.db).filter(\.$tokenHash == Secret.hash(secret)).first()!.requireID()
            try await app.api(.DELETE, "/api/v1/tokens/\(id)", as: reader) { res async throws in #expect(res.status == .ok) }
            try await app.api(.GET, "/api/v1/me", as: mine) { res async throws in #expect(res.status == .unauthorized) }
            // Another person's token is not theirs to revoke, nor to know of.
            let other = try await app.credentials(Demo.taichung)
            let othersToken = try await APIToken.query(on: app.db).filter(\.$personID == other.personID).first()!.requireID()
            try await app.api(.DELETE, "/api/v1/tokens/\(othersToken)", as: reader) { res async throws in #expect(res.status == .notFound) }
        }
    }

    @Test func aCookieNeverAuthenticatesTheAPI() async throws {
        try await withAmity { app async throws in
            let officer = try await app.credentials(Demo.taichung)
            try await app.testing().test(.PUT, "/api/v1/cities/\(Demo.taichungID)/profile",
                headers: ["Cookie": "amity_session=\(officer.session)", "Content-Type": "application/json"],
                body: ByteBuffer(string: #"{"office":"x","languages":["en"]}"#)) { res async throws in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func roleRequestsAreVerifiedByTheCitysNetworkAndThenGrantTheRole() async throws {
        try await withAmity { app async throws in
            let reader = try await app.credentials(Demo.reader)
            var requestID = 0
            try await app.api(.POST, "/api/v1/role-requests", as: reader, json: #"{"role":"officer","cityId":1668341,"title":"Officer, Department of Information and Tourism"}"#) { res async throws in
                #expect(res.status == .created)
                requestID = try res.json(RoleRequestDTO.self).id
            }
            try await app.api(.POST, "/api/v1/role-requests", as: reader, json: #"{"role":"officer","cityId":1668341,"title":"Again"}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            try await app.api(.PUT, "/api/v1/cities/1668341/profile", as: reader, json: #"{"office":"x","languages":["zh"]}"#) { res async throws in
                #expect(res.status == .forbidden)
            }
            // Taipei is a CityNet member: its secretariat may verify; Cincinnati's officer may not.
            try await app.api(.POST, "/api/v1/role-requests/\(requestID)/verify", as: try await app.credentials(Demo.cincinnati), json: "{}") { res async throws in
                #expect(res.status == .forbidden)
            }
            let citynet = try await app.credentials(Demo.citynet)
            try await app.api(.GET, "/api/v1/role-requests?status=pending", as: citynet) { res async throws in
                #expect(try res.json(CursorPage<RoleRequestDTO>.self).items.contains { $0.id == requestID })
            }
            try await app.api(.POST, "/api/v1/role-requests/\(requestID)/refuse", as: citynet, json: "{}") { res async throws in
                #expect(res.status == .badRequest)
            }
            try await app.api(.POST, "/api/v1/role-requests/\(requestID)/verify", as: citynet, json: "{}") { res async throws in
                #expect(try res.status == .ok && (res.json(RoleRequestDTO.self)).status == .verified)
            }
            try await app.api(.POST, "/api/v1/role-requests/\(requestID)/verify", as: citynet, json: "{}") { res async throws in
                #expect(res.status == .conflict)
            }
            try await app.api(.PUT, "/api/v1/cities/1668341/profile", as: reader, json: #"{"office":"Department of Information and Tourism","languages":["zh","en"]}"#) { res async throws in
                #expect(res.status == .ok)
            }
            try await app.api(.GET, "/api/v1/me", as: reader) { res async throws in
                #expect(try res.json(PersonDTO.self).roles.map(\.cityId) == [1_668_341])
            }
        }
    }

    @Test func securityHeadersOnEveryResponseAndPagesPassTheirPolicy() async throws {
        try await withAmity { app async throws in
            let officer = try await app.credentials(Demo.taichung)
            for path in ["/", "/cities/1668399", "/account", "/sign-in", "/sign-up", "/cities/1668399/profile/edit", "/cities/1668399/partnerships/new", "/partnerships/1", "/networks/citynet", "/api/v1/cities"] {
                let res = try await app.page(path, as: officer)
                #expect(res.status == .ok, "\(path)")
                #expect(res.headers.first(name: "Content-Security-Policy") == SecurityHeadersMiddleware.contentSecurityPolicy)
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                let html = res.body.string
                #expect(!html.contains("<script") && !html.contains(" style=") && !html.contains("<style") && !html.contains(" onclick="), "\(path) has inline code")
                #expect(!html.contains("#("), "\(path) has an unrendered tag")
            }
            #expect(!SecurityHeadersMiddleware.contentSecurityPolicy.contains("unsafe"))
        }
    }
}

@Suite struct UsersCommandTests {
    @Test func createAdminMakesOrPromotesAnAdministrator() async throws {
        try await withAmity(seeded: false) { app async throws in
            setenv("AMITY_ADMIN_PASSWORD", "Harbour-Lights-2020", 1)
            var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["amity", "create-admin", "--email", "First.Admin@City.example"]))
            context.application = app
            try await UsersCommand().run(using: &context)
            let admin = try #require(try await Person.query(on: app.db).filter(\.$email == "first.admin@city.example").first())
            #expect(admin.isAdministrator && admin.displayName == "first.admin")
            #expect(try await app.password.async.verify("Harbour-Lights-2020", created: admin.passwordHash))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "create-admin").count() == 1)
            // Promoting someone who already has an account is audited too, with who they were before.
            var promote = CommandContext(console: Terminal(), input: CommandInput(arguments: ["amity", "create-admin", "--email", Demo.reader]))
            promote.application = app
            let reader = Person()
            (reader.email, reader.displayName, reader.passwordHash, reader.isAdministrator, reader.createdAt) = (Demo.reader, "Reader", "x", false, Date())
            try await reader.create(on: app.db)
            try await UsersCommand().run(using: &promote)
            #expect(try await Person.find(reader.id, on: app.db)?.isAdministrator == true)
            let promotion = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "promote-admin").first())
            #expect(promotion.entityID == String(reader.id ?? 0) && (promotion.before ?? "").contains("\"isAdministrator\":false"))
            var bad = CommandContext(console: Terminal(), input: CommandInput(arguments: ["amity", "create-admin", "--email", "not-an-email"]))
            bad.application = app
            await #expect(throws: DomainError.self) { try await UsersCommand().run(using: &bad) }
        }
    }
}
