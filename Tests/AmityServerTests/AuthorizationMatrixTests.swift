@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Every write route of Amity, tried as anonymous, another city's officer, the city's own officer,
/// a network secretariat and an administrator. A route missing from `WriteRoute.all` fails the test.
@Suite struct AuthorizationMatrixTests {
    enum Persona: String, CaseIterable, Sendable {
        case anonymous, otherOfficer, ownOfficer, secretariat, administrator
    }

    /// One write route: who may use it, and how to build a request for it in a seeded app.
    struct WriteRoute: Sendable, CustomTestStringConvertible {
        var method: HTTPMethod
        var pattern: String
        var allowed: Set<Persona>
        /// The demo accounts standing for "own" and "other" on this route.
        var own = Demo.taichung
        var other = Demo.newTaipei
        var audited = true
        /// The path and body to send; it may prepare records first.
        var fixture: @Sendable (Application, Credentials?) async throws -> (path: String, body: [String: String]) = { _, _ in ("", [:]) }
        var json: (@Sendable (Application, Credentials?) async throws -> (path: String, body: String))?

        var testDescription: String { "\(method.rawValue) \(pattern)" }
        var isAPI: Bool { pattern.hasPrefix("/api/") }
    }

    /// The body fields that name what a write acts on (`BodyTarget`): kept when the rest is broken.
    static let targetFields: Set<String> = ["cityId", "networkId", "hostCityId", "hostNetworkId", "offerId", "cities", "host"]

    /// The same JSON body with every field but its target replaced by something no field accepts.
    static func breakingAllButTheTarget(_ body: String) throws -> String {
        var fields = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
        for key in fields.keys where !targetFields.contains(key) { fields[key] = ["broken": true] }
        if fields.isEmpty { fields["broken"] = ["broken": true] }
        return String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
    }

    static let everyoneSignedIn: Set<Persona> = [.otherOfficer, .ownOfficer, .secretariat, .administrator]
    static let ownAndAdmin: Set<Persona> = [.ownOfficer, .administrator]
    static let secretariatAndAdmin: Set<Persona> = [.secretariat, .administrator]
    static let ownSecretariatAndAdmin: Set<Persona> = [.ownOfficer, .secretariat, .administrator]
    static let practiceJSON = #"{"cityId":1668399,"title":"Hotline for elders","summary":"A hotline.","body":"It **works**.","area":"vulnerable-groups","language":"en"}"#
    static let translationJSON = #"{"language":"zh","title":"長者專線","summary":"專線。","body":"有效。","origin":"reviewed"}"#
    static let callJSON = #"{"networkId":"citynet","title":"Hotlines","description":"Tell us about hotlines.","areas":["public-communication"],"deadline":"2099-01-01T00:00:00Z"}"#
    static let profile = #"{"office":"International Affairs Section","languages":["zh","en"]}"#
    static let network = #"{"id":"cac2","name":"Cities Alliance Against Pandemic","shortName":"CAAP2","kind":"initiative","summary":"Proposed in Seoul."}"#
    static let networkUpdate = #"{"name":"CityNet","shortName":"CityNet","kind":"regional","summary":"The Asia Pacific network of local stakeholders."}"#

    static let all: [WriteRoute] = [
        // The account, over the API
        WriteRoute(method: .POST, pattern: "/api/v1/me/password", allowed: everyoneSignedIn, json: { _, _ in
            ("/api/v1/me/password", #"{"currentPassword":"Sister-Cities-2020","newPassword":"Another-Good-Pass-2024"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/tokens", allowed: everyoneSignedIn, json: { _, _ in ("/api/v1/tokens", #"{"name":"CI"}"#) }),
        WriteRoute(method: .DELETE, pattern: "/api/v1/tokens/:id", allowed: everyoneSignedIn, json: { app, who in
            ("/api/v1/tokens/\(try await ownToken(app, who))", "") }),
        WriteRoute(method: .POST, pattern: "/api/v1/role-requests", allowed: everyoneSignedIn, json: { _, _ in
            ("/api/v1/role-requests", #"{"role":"officer","cityId":1668341,"title":"Officer"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/role-requests/:id/verify", allowed: secretariatAndAdmin, json: { app, _ in
            ("/api/v1/role-requests/\(try await pendingRequest(app))/verify", "{}") }),
        WriteRoute(method: .POST, pattern: "/api/v1/role-requests/:id/revoke", allowed: ownSecretariatAndAdmin, own: Demo.taichung, other: Demo.newTaipei,
                   json: { app, _ in ("/api/v1/role-requests/\(try await taichungsRole(app))/revoke", #"{"reason":"Left the office."}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/role-requests/:id/refuse", allowed: secretariatAndAdmin, json: { app, _ in
            ("/api/v1/role-requests/\(try await pendingRequest(app))/refuse", #"{"note":"Not known to us."}"#) }),
        // The directory, over the API
        WriteRoute(method: .PUT, pattern: "/api/v1/cities/:id/profile", allowed: ownAndAdmin, json: { _, _ in
            ("/api/v1/cities/\(Demo.taichungID)/profile", profile) }),
        WriteRoute(method: .POST, pattern: "/api/v1/cities/:id/indicators", allowed: ownAndAdmin, json: { _, _ in
            ("/api/v1/cities/\(Demo.taichungID)/indicators", #"{"indicator":"cases-per-100k","name":"Cases","unit":"per 100,000","better":"lower","value":3,"measuredOn":"2020-05","target":0,"source":"Health bureau"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/partnerships", allowed: ownAndAdmin, other: Demo.cincinnati, json: { _, _ in
            ("/api/v1/partnerships", #"{"cities":[1668399,1668341],"kind":"friendship-city","history":[{"kind":"signed","on":"2019"}]}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/partnerships/:id/confirm", allowed: ownAndAdmin, own: Demo.cincinnati, other: Demo.taichung, json: { app, _ in
            ("/api/v1/partnerships/\(try await claim(app).partnership)/confirm", "") }),
        WriteRoute(method: .POST, pattern: "/api/v1/partnerships/:id/events", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/partnerships/\(try await claim(app).partnership)/events", #"{"kind":"restored","on":"2022-01-01"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/partnerships/:id/events/:position/confirm", allowed: ownAndAdmin, own: Demo.cincinnati, other: Demo.taichung, json: { app, _ in
            let claim = try await claim(app)
            return ("/api/v1/partnerships/\(claim.partnership)/events/\(claim.event)/confirm", "")
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/networks", allowed: [.administrator], json: { _, _ in ("/api/v1/networks", network) }),
        WriteRoute(method: .PUT, pattern: "/api/v1/networks/:id", allowed: secretariatAndAdmin, json: { _, _ in ("/api/v1/networks/citynet", networkUpdate) }),
        WriteRoute(method: .POST, pattern: "/api/v1/networks/:id/members", allowed: secretariatAndAdmin, json: { _, _ in
            ("/api/v1/networks/citynet/members", #"{"cityId":1850147,"role":"member"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/networks/:id/members/:cityId/confirm", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/networks/\(try await pendingMembership(app))/members/\(Demo.taichungID)/confirm", "") }),
        WriteRoute(method: .DELETE, pattern: "/api/v1/networks/:id/members/:cityId", allowed: secretariatAndAdmin, json: { _, _ in
            ("/api/v1/networks/citynet/members/1668341", "") }),
        // Mutual aid, over the API
        WriteRoute(method: .POST, pattern: "/api/v1/needs", allowed: ownAndAdmin, json: { _, _ in
            ("/api/v1/needs", #"{"cityId":1668399,"item":"ventilator","quantity":20,"urgency":5}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/needs/:id/reconfirm", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/needs/\(try await aid(app).need)/reconfirm", "") }),
        WriteRoute(method: .POST, pattern: "/api/v1/needs/:id/withdraw", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/needs/\(try await aid(app).need)/withdraw", "") }),
        WriteRoute(method: .POST, pattern: "/api/v1/offers", allowed: ownAndAdmin, json: { _, _ in
            ("/api/v1/offers", #"{"cityId":1668399,"item":"sanitised-water","quantity":2000}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/offers/:id/reconfirm", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/offers/\(try await aid(app).offer)/reconfirm", "") }),
        WriteRoute(method: .POST, pattern: "/api/v1/offers/:id/withdraw", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/offers/\(try await aid(app).offer)/withdraw", "") }),
        WriteRoute(method: .POST, pattern: "/api/v1/rules", allowed: [.administrator], json: { _, _ in
            ("/api/v1/rules", #"{"country":"TW","item":"respirator-n95","kind":"export-ban","from":"2020-01-24T00:00:00Z","title":"N95 export ban"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/rules/:id/end", allowed: [.administrator], json: { app, _ in
            ("/api/v1/rules/\(try await rule(app))/end", #"{"until":"2020-06-01T00:00:00Z"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/rules/:id/exceptions", allowed: [.administrator], json: { app, _ in
            ("/api/v1/rules/\(try await rule(app))/exceptions", #"{"cityId":900000001,"quantity":3200,"note":"How is not known."}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/pledges", allowed: ownAndAdmin, other: Demo.cincinnati, json: { app, _ in
            ("/api/v1/pledges", #"{"offerId":\#(try await aid(app).offer),"recipientCityId":4508722,"quantity":500}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/pledges/:id/:step", allowed: ownAndAdmin, own: Demo.cincinnati, other: Demo.taichung, json: { app, _ in
            ("/api/v1/pledges/\(try await aid(app).pledge)/confirm", "") }),
        WriteRoute(method: .POST, pattern: "/api/v1/campaigns", allowed: ownAndAdmin, own: Demo.newTaipei, other: Demo.taichung, json: { _, _ in
            ("/api/v1/campaigns", #"{"cityId":12908892,"beneficiaryCityId":4508722,"title":"Masks for Cincinnati","target":50000,"currency":"TWD"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/campaigns/:id/contributions", allowed: ownAndAdmin, own: Demo.newTaipei, other: Demo.taichung, json: { app, _ in
            ("/api/v1/campaigns/\(try await campaign(app))/contributions", #"{"amount":1000,"giver":"A Banqiao family","publicCredit":true}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/plans", allowed: secretariatAndAdmin, json: { _, _ in
            ("/api/v1/plans", #"{"networkId":"citynet","mode":"efficient"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/plans/:id/lines/:line/:answer", allowed: ownAndAdmin, own: Demo.cincinnati, other: Demo.newTaipei, json: { app, _ in
            let (plan, line) = try await planLine(app)
            return ("/api/v1/plans/\(plan)/lines/\(line)/accept", "")
        }),
        // Knowledge, over the API
        WriteRoute(method: .POST, pattern: "/api/v1/practices", allowed: ownAndAdmin, json: { _, _ in ("/api/v1/practices", practiceJSON) }),
        WriteRoute(method: .PUT, pattern: "/api/v1/practices/:id", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/practices/\(try await practice(app, status: .draft))", practiceJSON) }),
        WriteRoute(method: .POST, pattern: "/api/v1/practices/:id/translations", allowed: ownSecretariatAndAdmin, json: { app, _ in
            ("/api/v1/practices/\(try await practice(app, status: .published))/translations", translationJSON) }),
        WriteRoute(method: .POST, pattern: "/api/v1/practices/:id/:step", allowed: secretariatAndAdmin, json: { app, _ in
            ("/api/v1/practices/\(try await practice(app, status: .submitted))/publish", "") }),
        WriteRoute(method: .POST, pattern: "/api/v1/calls", allowed: secretariatAndAdmin, json: { _, _ in ("/api/v1/calls", callJSON) }),
        WriteRoute(method: .POST, pattern: "/api/v1/calls/:id/close", allowed: secretariatAndAdmin, json: { app, _ in
            ("/api/v1/calls/\(try await call(app).call)/close", "") }),
        WriteRoute(method: .POST, pattern: "/api/v1/calls/:id/submissions/:practice/:choice", allowed: secretariatAndAdmin, json: { app, _ in
            let (call, practice) = try await call(app)
            return ("/api/v1/calls/\(call)/submissions/\(practice)/select", "")
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/questions", allowed: ownAndAdmin, json: { _, _ in
            ("/api/v1/questions", #"{"cityId":1668399,"networkId":"citynet","title":"Who runs your hotline?","body":"","language":"en"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/questions/:id/answers", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/questions/\(try await question(app).question)/answers", #"{"cityId":1668399,"body":"Our health bureau does."}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/questions/:id/answers/:answer/helpful", allowed: ownAndAdmin, json: { app, _ in
            let (question, answer) = try await question(app)
            return ("/api/v1/questions/\(question)/answers/\(answer)/helpful", "")
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/me/follows", allowed: everyoneSignedIn, json: { _, _ in ("/api/v1/me/follows", #"{"topic":"network:citynet"}"#) }),
        WriteRoute(method: .DELETE, pattern: "/api/v1/me/follows/:topic", allowed: everyoneSignedIn, json: { _, _ in ("/api/v1/me/follows/network:citynet", "") }),
        // Joint statements, over the API
        WriteRoute(method: .POST, pattern: "/api/v1/statements", allowed: ownAndAdmin, json: { _, _ in
            ("/api/v1/statements", #"{"title":"Cities for open borders in medicine","text":"We ask.","hostCityId":1668399}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/statements/verify", allowed: Set(Persona.allCases), audited: false, json: { app, _ in
            ("/api/v1/statements/verify", String(decoding: try JSONEncoder().encode(try await statementExport(app)), as: UTF8.self)) }),
        WriteRoute(method: .PUT, pattern: "/api/v1/statements/:id", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/statements/\(try await statement(app, open: false))", #"{"title":"Cities for open borders","text":"We ask again.","hostCityId":1668399}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/statements/:id/open", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/statements/\(try await statement(app, open: false))/open", #"{"closesAt":"2099-01-01T00:00:00Z"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/statements/:id/versions", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/statements/\(try await statement(app, open: true))/versions", #"{"title":"Cities for open borders, v2","text":"We ask, v2."}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/statements/:id/signatures", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/statements/\(try await statement(app, open: true))/signatures", #"{"cityId":1668399,"title":"Mayor of Taichung"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/statements/:id/signatures/:city/withdraw", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/statements/\(try await statement(app, open: true, signedByTaichung: true))/signatures/1668399/withdraw", "") }),
        // Council resolutions, over the API
        WriteRoute(method: .POST, pattern: "/api/v1/resolutions", allowed: ownAndAdmin, json: { _, _ in
            ("/api/v1/resolutions", #"{"cityId":1668399,"body":"City Council","title":"Solidarity with sister cities","adoptedOn":"2020-04-01","summary":"We stand with them."}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/resolutions/:id/endorsements", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/resolutions/\(try await sanAntonio(app))/endorsements", #"{"cityId":1668399}"#) }),
        // Events, over the API
        WriteRoute(method: .POST, pattern: "/api/v1/events", allowed: ownAndAdmin, json: { _, _ in
            ("/api/v1/events", #"{"hostCityId":1668399,"kind":"workshop","title":"Masks and rules","description":"","startsAt":"2099-05-01T10:00","endsAt":"2099-05-01T12:00","timeZone":"Asia/Taipei"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/events/:id/recording", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/events/\(try await event(app))/recording", #"{"url":"https://example.org/recording"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/events/:id/registrations", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/events/\(try await event(app))/registrations", #"{"cityId":1668399}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/events/:id/registrations/:city/cancel", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/events/\(try await event(app, registered: true))/registrations/1668399/cancel", "") }),
        // Assemblies, over the API
        WriteRoute(method: .POST, pattern: "/api/v1/assemblies/:id/motions", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/assemblies/\(try await assembly(app))/motions", #"{"cityId":1668399,"title":"Open borders for medicine","text":"We move."}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/motions/:id/comments", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/motions/\(try await motion(app, voting: false))/comments", #"{"cityId":1668399,"body":"We support it."}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/motions/:id/vote/open", allowed: [.administrator], json: { app, _ in
            ("/api/v1/motions/\(try await motion(app, voting: false))/vote/open", #"{"closesAt":"2099-01-01T00:00:00Z"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/motions/:id/votes", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/motions/\(try await motion(app, voting: true))/votes", #"{"cityId":1668399,"choice":"yes"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/assemblies", allowed: secretariatAndAdmin, json: { _, _ in
            ("/api/v1/assemblies", #"{"networkId":"citynet","name":"CityNet Council","quorumPercent":50,"majority":"simple","memberCityIds":[1668399,1668341]}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/assemblies/:id/members", allowed: secretariatAndAdmin, json: { app, _ in
            ("/api/v1/assemblies/\(try await citynetAssembly(app))/members", #"{"cityId":1673820}"#) }),
        // Pages
        WriteRoute(method: .POST, pattern: "/sign-up", allowed: Set(Persona.allCases), fixture: { _, _ in
            ("/sign-up", ["email": "new.officer@kaohsiung.example", "displayName": "New officer", "password": "Harbour-City-2020!"]) }),
        WriteRoute(method: .POST, pattern: "/sign-in", allowed: Set(Persona.allCases), audited: false, fixture: { _, _ in
            ("/sign-in", ["email": Demo.reader, "password": "Sister-Cities-2020"]) }),
        WriteRoute(method: .POST, pattern: "/sign-out", allowed: Set(Persona.allCases), audited: false, fixture: { _, _ in ("/sign-out", [:]) }),
        WriteRoute(method: .POST, pattern: "/confirm-address", allowed: Set(Persona.allCases), fixture: { app, _ in
            ("/confirm-address", ["token": try await readersLink(app, .confirmAddress)]) }),
        WriteRoute(method: .POST, pattern: "/forgot-password", allowed: Set(Persona.allCases), audited: false, fixture: { _, _ in
            ("/forgot-password", ["email": Demo.reader]) }),
        WriteRoute(method: .POST, pattern: "/reset-password", allowed: Set(Persona.allCases), fixture: { app, _ in
            ("/reset-password", ["token": try await readersLink(app, .resetPassword), "password": "Harbour-Lights-Taichung-27"]) }),
        WriteRoute(method: .POST, pattern: "/account/confirmation", allowed: everyoneSignedIn, audited: false, fixture: { app, who in
            if let who { try await Person.query(on: app.db).filter(\.$id == who.personID).set(\.$emailConfirmedAt, to: nil).update() }
            return ("/account/confirmation", [:]) }),
        WriteRoute(method: .POST, pattern: "/account/email", allowed: everyoneSignedIn, fixture: { _, _ in
            ("/account/email", ["email": "changed@example.org", "currentPassword": "Sister-Cities-2020"]) }),
        WriteRoute(method: .POST, pattern: "/account/delete", allowed: everyoneSignedIn, fixture: { app, _ in
            // A second administrator, so the demo's may leave too.
            if try await Person.query(on: app.db).filter(\.$email == "spare@amity.example").first() == nil {
                let spare = Person()
                (spare.email, spare.displayName, spare.passwordHash, spare.isAdministrator, spare.createdAt) = ("spare@amity.example", "Spare", "!", true, Date())
                try await spare.create(on: app.db)
            }
            return ("/account/delete", ["deletePassword": "Sister-Cities-2020"]) }),
        WriteRoute(method: .POST, pattern: "/account/password", allowed: everyoneSignedIn, fixture: { _, _ in
            ("/account/password", ["currentPassword": "Sister-Cities-2020", "newPassword": "Another-Good-Pass-2024"]) }),
        WriteRoute(method: .POST, pattern: "/account/notifications", allowed: everyoneSignedIn, fixture: { _, _ in
            ("/account/notifications", ["kinds[0]": "answer", "language": "zh-Hans"]) }),
        WriteRoute(method: .POST, pattern: "/unsubscribe/:token", allowed: Set(Persona.allCases), fixture: { app, _ in
            let reader = try await Person.query(on: app.db).filter(\.$email == Demo.reader).first()!
            return ("/unsubscribe/\(UnsubscribeToken.make(personID: try reader.requireID(), kind: .answer, key: Mailroom(app)!.unsubscribeKey))", [:]) }),
        WriteRoute(method: .POST, pattern: "/account/tokens", allowed: everyoneSignedIn, fixture: { _, _ in ("/account/tokens", ["name": "laptop", "expiresInDays": "30"]) }),
        WriteRoute(method: .POST, pattern: "/account/tokens/:id/revoke", allowed: everyoneSignedIn, fixture: { app, who in
            ("/account/tokens/\(try await ownToken(app, who))/revoke", [:]) }),
        WriteRoute(method: .POST, pattern: "/account/role-requests", allowed: everyoneSignedIn, fixture: { _, _ in
            ("/account/role-requests", ["role": "officer", "cityId": "1668341", "title": "Officer"]) }),
        WriteRoute(method: .POST, pattern: "/requests/:id/verify", allowed: secretariatAndAdmin, fixture: { app, _ in
            ("/requests/\(try await pendingRequest(app))/verify", [:]) }),
        WriteRoute(method: .POST, pattern: "/requests/:id/revoke", allowed: ownSecretariatAndAdmin, own: Demo.taichung, other: Demo.newTaipei,
                   fixture: { app, _ in ("/requests/\(try await taichungsRole(app))/revoke", ["reason": "Left the office."]) }),
        WriteRoute(method: .POST, pattern: "/requests/:id/refuse", allowed: secretariatAndAdmin, fixture: { app, _ in
            ("/requests/\(try await pendingRequest(app))/refuse", ["note": "Unknown to the network."]) }),
        WriteRoute(method: .POST, pattern: "/cities/:id/profile", allowed: ownAndAdmin, fixture: { _, _ in
            ("/cities/\(Demo.taichungID)/profile", ["office": "International Affairs Section", "languages": "zh, en"]) }),
        WriteRoute(method: .POST, pattern: "/cities/:id/indicators", allowed: ownAndAdmin, fixture: { _, _ in
            ("/cities/\(Demo.taichungID)/indicators", ["indicator": "cases-per-100k", "name": "Cases", "unit": "per 100,000", "better": "lower", "value": "3",
                                                       "measuredOn": "2020-05", "target": "0", "source": "Health bureau"]) }),
        WriteRoute(method: .POST, pattern: "/cities/:id/partnerships", allowed: ownAndAdmin, other: Demo.cincinnati, fixture: { _, _ in
            ("/cities/\(Demo.taichungID)/partnerships", ["partnerId": "1668341", "kind": "friendship-city", "signedOn": "2019"]) }),
        WriteRoute(method: .POST, pattern: "/partnerships/:id/confirm", allowed: ownAndAdmin, own: Demo.cincinnati, other: Demo.taichung, fixture: { app, _ in
            ("/partnerships/\(try await claim(app).partnership)/confirm", [:]) }),
        WriteRoute(method: .POST, pattern: "/partnerships/:id/events", allowed: ownAndAdmin, fixture: { app, _ in
            ("/partnerships/\(try await claim(app).partnership)/events", ["kind": "restored", "on": "2022-01-01"]) }),
        WriteRoute(method: .POST, pattern: "/partnerships/:id/events/:position/confirm", allowed: ownAndAdmin, own: Demo.cincinnati, other: Demo.taichung, fixture: { app, _ in
            let claim = try await claim(app)
            return ("/partnerships/\(claim.partnership)/events/\(claim.event)/confirm", [:])
        }),
        WriteRoute(method: .POST, pattern: "/networks/:id", allowed: secretariatAndAdmin, fixture: { _, _ in
            ("/networks/citynet", ["name": "CityNet", "shortName": "CityNet", "kind": "regional", "summary": "The Asia Pacific network."]) }),
        WriteRoute(method: .POST, pattern: "/networks/:id/members", allowed: secretariatAndAdmin, fixture: { _, _ in
            ("/networks/citynet/members", ["city": "1850147", "role": "member"]) }),
        WriteRoute(method: .POST, pattern: "/aid/needs", allowed: ownAndAdmin, fixture: { _, _ in
            ("/aid/needs", ["cityId": "1668399", "item": "ventilator", "quantity": "20", "urgency": "5"]) }),
        WriteRoute(method: .POST, pattern: "/aid/offers", allowed: ownAndAdmin, fixture: { _, _ in
            ("/aid/offers", ["cityId": "1668399", "item": "sanitised-water", "quantity": "2000"]) }),
        WriteRoute(method: .POST, pattern: "/aid/needs/:id/reconfirm", allowed: ownAndAdmin, fixture: { app, _ in
            ("/aid/needs/\(try await aid(app).need)/reconfirm", [:]) }),
        WriteRoute(method: .POST, pattern: "/aid/pledges", allowed: ownAndAdmin, fixture: { app, _ in
            ("/aid/pledges", ["needId": String(try await cincinnatiWaterNeed(app)), "offerId": String(try await aid(app).offer), "quantity": "10"]) }),
        WriteRoute(method: .POST, pattern: "/aid/offers/:id/reconfirm", allowed: ownAndAdmin, fixture: { app, _ in
            ("/aid/offers/\(try await aid(app).offer)/reconfirm", [:]) }),
        WriteRoute(method: .POST, pattern: "/aid/plans", allowed: secretariatAndAdmin, fixture: { _, _ in ("/aid/plans", ["networkId": "citynet"]) }),
        WriteRoute(method: .POST, pattern: "/rules", allowed: [.administrator], fixture: { _, _ in
            ("/rules", ["title": "N95 export ban", "country": "TW", "covers": "item:respirator-n95", "kind": "export-ban", "from": "2020-01-24"]) }),
        WriteRoute(method: .POST, pattern: "/rules/:id/end", allowed: [.administrator], fixture: { app, _ in
            ("/rules/\(try await rule(app))/end", ["until": "2020-06-01"]) }),
        WriteRoute(method: .POST, pattern: "/rules/:id/exceptions", allowed: [.administrator], fixture: { app, _ in
            ("/rules/\(try await rule(app))/exceptions", ["city": "900000001", "quantity": "3,200", "note": "How is not known."]) }),
        WriteRoute(method: .POST, pattern: "/aid/campaigns", allowed: ownAndAdmin, own: Demo.newTaipei, other: Demo.taichung, fixture: { _, _ in
            ("/aid/campaigns", ["cityId": "12908892", "beneficiaryCityId": "4508722", "title": "Masks for Cincinnati", "target": "50,000", "currency": "TWD"]) }),
        WriteRoute(method: .POST, pattern: "/campaigns/:id/gifts", allowed: ownAndAdmin, own: Demo.newTaipei, other: Demo.taichung, fixture: { app, _ in
            ("/campaigns/\(try await campaign(app))/gifts", ["amount": "1,000", "giver": "A Banqiao family", "publicCredit": "on"]) }),
        WriteRoute(method: .POST, pattern: "/plans/:id/lines/:line/:answer", allowed: ownAndAdmin, own: Demo.cincinnati, other: Demo.newTaipei, fixture: { app, _ in
            let (plan, line) = try await planLine(app)
            return ("/plans/\(plan)/lines/\(line)/accept", [:])
        }),
        WriteRoute(method: .POST, pattern: "/pledges/:id/:step", allowed: ownAndAdmin, own: Demo.cincinnati, other: Demo.taichung, fixture: { app, _ in
            ("/pledges/\(try await aid(app).pledge)/confirm", [:]) }),
        WriteRoute(method: .POST, pattern: "/networks/:id/members/:cityId/confirm", allowed: ownAndAdmin, fixture: { app, _ in
            ("/networks/\(try await pendingMembership(app))/members/\(Demo.taichungID)/confirm", [:]) }),
        WriteRoute(method: .POST, pattern: "/networks/:id/members/:cityId/remove", allowed: secretariatAndAdmin, fixture: { _, _ in
            ("/networks/citynet/members/1668341/remove", [:]) }),
        WriteRoute(method: .POST, pattern: "/practices", allowed: ownAndAdmin, fixture: { _, _ in
            ("/practices", ["cityId": "1668399", "title": "Hotline", "summary": "A hotline.", "body": "It works.", "area": "public-communication", "language": "en"]) }),
        WriteRoute(method: .POST, pattern: "/practices/:id/translations", allowed: ownSecretariatAndAdmin, fixture: { app, _ in
            ("/practices/\(try await practice(app, status: .published))/translations", ["language": "zh", "title": "熱線", "summary": "熱線。", "body": "有效。"]) }),
        WriteRoute(method: .POST, pattern: "/practices/:id/:step", allowed: secretariatAndAdmin, fixture: { app, _ in
            ("/practices/\(try await practice(app, status: .submitted))/publish", [:]) }),
        WriteRoute(method: .POST, pattern: "/calls", allowed: secretariatAndAdmin, fixture: { _, _ in
            ("/calls", ["networkId": "citynet", "title": "Hotlines", "description": "Tell us.", "area": "public-communication", "deadline": "2099-01-01"]) }),
        WriteRoute(method: .POST, pattern: "/calls/:id/close", allowed: secretariatAndAdmin, fixture: { app, _ in ("/calls/\(try await call(app).call)/close", [:]) }),
        WriteRoute(method: .POST, pattern: "/calls/:id/submissions/:practice/:choice", allowed: secretariatAndAdmin, fixture: { app, _ in
            let (call, practice) = try await call(app)
            return ("/calls/\(call)/submissions/\(practice)/select", [:])
        }),
        WriteRoute(method: .POST, pattern: "/questions", allowed: ownAndAdmin, fixture: { _, _ in
            ("/questions", ["cityId": "1668399", "title": "Who runs your hotline?", "body": "", "language": "en"]) }),
        WriteRoute(method: .POST, pattern: "/questions/:id/answers", allowed: ownAndAdmin, fixture: { app, _ in
            ("/questions/\(try await question(app).question)/answers", ["cityId": "1668399", "body": "Our health bureau does."]) }),
        WriteRoute(method: .POST, pattern: "/questions/:id/answers/:answer/helpful", allowed: ownAndAdmin, fixture: { app, _ in
            let (question, answer) = try await question(app)
            return ("/questions/\(question)/answers/\(answer)/helpful", [:])
        }),
        WriteRoute(method: .POST, pattern: "/follows", allowed: everyoneSignedIn, fixture: { _, _ in ("/follows", ["topic": "area:vulnerable-groups"]) }),
        WriteRoute(method: .POST, pattern: "/follows/remove", allowed: everyoneSignedIn, fixture: { _, _ in ("/follows/remove", ["topic": "area:vulnerable-groups"]) }),
        WriteRoute(method: .POST, pattern: "/statements", allowed: ownAndAdmin, fixture: { _, _ in
            ("/statements", ["host": "city:1668399", "title": "Cities for open borders in medicine", "text": "We ask."]) }),
        WriteRoute(method: .POST, pattern: "/statements/:id/open", allowed: ownAndAdmin, fixture: { app, _ in
            ("/statements/\(try await statement(app, open: false))/open", ["closesOn": "2099-01-01"]) }),
        WriteRoute(method: .POST, pattern: "/statements/:id/signatures", allowed: ownAndAdmin, fixture: { app, _ in
            ("/statements/\(try await statement(app, open: true))/signatures", ["cityId": "1668399", "title": "Mayor of Taichung"]) }),
        WriteRoute(method: .POST, pattern: "/statements/:id/signatures/:city/withdraw", allowed: ownAndAdmin, fixture: { app, _ in
            ("/statements/\(try await statement(app, open: true, signedByTaichung: true))/signatures/1668399/withdraw", [:]) }),
        WriteRoute(method: .POST, pattern: "/resolutions", allowed: ownAndAdmin, fixture: { _, _ in
            ("/resolutions", ["cityId": "1668399", "body": "City Council", "title": "Solidarity", "adoptedOn": "2020-04-01", "summary": "We stand with them."]) }),
        WriteRoute(method: .POST, pattern: "/resolutions/:id/endorsements", allowed: ownAndAdmin, fixture: { app, _ in
            ("/resolutions/\(try await sanAntonio(app))/endorsements", ["cityId": "1668399"]) }),
        WriteRoute(method: .POST, pattern: "/events", allowed: ownAndAdmin, fixture: { _, _ in
            ("/events", ["host": "city:1668399", "kind": "workshop", "title": "Masks and rules", "startsAt": "2099-05-01T10:00", "endsAt": "2099-05-01T12:00", "timeZone": "Asia/Taipei"]) }),
        WriteRoute(method: .POST, pattern: "/events/:id/recording", allowed: ownAndAdmin, fixture: { app, _ in
            ("/events/\(try await event(app))/recording", ["url": "https://example.org/recording"]) }),
        WriteRoute(method: .POST, pattern: "/events/:id/registrations", allowed: ownAndAdmin, fixture: { app, _ in
            ("/events/\(try await event(app))/registrations", ["cityId": "1668399"]) }),
        WriteRoute(method: .POST, pattern: "/events/:id/registrations/:city/cancel", allowed: ownAndAdmin, fixture: { app, _ in
            ("/events/\(try await event(app, registered: true))/registrations/1668399/cancel", [:]) }),
        WriteRoute(method: .POST, pattern: "/assemblies/:id/motions", allowed: ownAndAdmin, fixture: { app, _ in
            ("/assemblies/\(try await assembly(app))/motions", ["cityId": "1668399", "title": "Open borders for medicine", "text": "We move."]) }),
        WriteRoute(method: .POST, pattern: "/motions/:id/comments", allowed: ownAndAdmin, fixture: { app, _ in
            ("/motions/\(try await motion(app, voting: false))/comments", ["cityId": "1668399", "body": "We support it."]) }),
        WriteRoute(method: .POST, pattern: "/motions/:id/vote/open", allowed: [.administrator], fixture: { app, _ in
            ("/motions/\(try await motion(app, voting: false))/vote/open", ["closesOn": "2099-01-01"]) }),
        WriteRoute(method: .POST, pattern: "/motions/:id/votes", allowed: ownAndAdmin, fixture: { app, _ in
            ("/motions/\(try await motion(app, voting: true))/votes", ["cityId": "1668399", "choice": "yes"]) }),
        WriteRoute(method: .POST, pattern: "/assemblies", allowed: secretariatAndAdmin, fixture: { _, _ in
            ("/assemblies", ["networkId": "citynet", "name": "CityNet Council", "quorumPercent": "50", "majority": "simple", "members": "1668399, 1668341"]) }),
        WriteRoute(method: .POST, pattern: "/assemblies/:id/members", allowed: secretariatAndAdmin, fixture: { app, _ in
            ("/assemblies/\(try await citynetAssembly(app))/members", ["cityId": "1673820"]) }),
    ]

    /// Rationing: a programme of Taichung's, run by its officers (and administrators); anyone may ask
    /// about their own entitlement.
    static let rationing: [WriteRoute] = [
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes", allowed: ownAndAdmin, json: { _, _ in
            ("/api/v1/rationing/programmes", #"{"cityId":1668399,"name":"Taichung masks"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/policies", allowed: ownAndAdmin, json: { app, _ in
            ("\(try await programme(app).path)/policies", #"{"policy":\#(futurePolicy)}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/policies/dry-run", allowed: ownAndAdmin, audited: false, json: { app, _ in
            ("\(try await programme(app).path)/policies/dry-run", #"{"policy":\#(futurePolicy),"cases":[]}"#) }),
        WriteRoute(method: .DELETE, pattern: "/api/v1/rationing/programmes/:programme/policies/:version", allowed: ownAndAdmin, json: { app, _ in
            let made = try await programme(app)
            if try await PolicyVersionRecord.query(on: app.db).filter(\.$programmeID == made.programme).filter(\.$version == 2).first() == nil {
                let row = PolicyVersionRecord()
                (row.programmeID, row.version, row.effectiveFrom, row.body, row.createdAt) = (made.programme, 2, Date.distantFuture, futurePolicy, Date())
                try await row.create(on: app.db)
            }
            return ("\(made.path)/policies/2", "")
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/outlets", allowed: ownAndAdmin, json: { app, _ in
            ("\(try await programme(app).path)/outlets", #"{"code":"0300000001","name":"Pharmacy","address":"Taichung"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/outlets/:outlet/deliveries", allowed: ownAndAdmin, json: { app, _ in
            let made = try await programme(app)
            return ("\(made.path)/outlets/\(made.outlet)/deliveries", #"{"class":"adult","quantity":200}"#)
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/outlets/:outlet/deliveries/:delivery/confirmation", allowed: ownAndAdmin, json: { app, _ in
            let made = try await programme(app)
            let outlet = try await OutletRecord.find(made.outlet, on: app.db)!
            let delivery = try await StockMovements(db: app.db).deliver(StockMovementRequest(class: "adult", quantity: 50), outlet: outlet, classes: ["adult"], by: nil, now: Date())
            return ("\(made.path)/outlets/\(made.outlet)/deliveries/\(delivery.id)/confirmation", "")
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/outlets/:outlet/adjustments", allowed: ownAndAdmin, json: { app, _ in
            let made = try await programme(app)
            return ("\(made.path)/outlets/\(made.outlet)/adjustments", #"{"class":"adult","quantity":2,"note":"Water damage"}"#)
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/outlets/:outlet/terminals", allowed: ownAndAdmin, json: { app, _ in
            let made = try await programme(app)
            return ("\(made.path)/outlets/\(made.outlet)/terminals", #"{"name":"Counter"}"#)
        }),
        WriteRoute(method: .DELETE, pattern: "/api/v1/rationing/programmes/:programme/outlets/:outlet/terminals/:terminal", allowed: ownAndAdmin, json: { app, _ in
            let made = try await programme(app)
            let outlet = try await OutletRecord.find(made.outlet, on: app.db)!
            let terminal = try await Terminals(db: app.db).issue(CreateTerminalRequest(name: "Counter"), outlet: outlet, cap: 50, by: 0, now: Date())
            return ("\(made.path)/outlets/\(made.outlet)/terminals/\(terminal.terminal.id)", "")
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/people", allowed: ownAndAdmin, json: { app, _ in
            ("\(try await programme(app).path)/people", #"{"document":"H123456789","documentType":"nhi","birth":"1970-05-05"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/sales", allowed: ownAndAdmin, audited: false, json: { app, _ in
            let made = try await programme(app)
            return ("\(made.path)/sales", RationingFixture.sale("m-1", outlet: made.outlet, cards: [("A123456784", [("adult", 1)])]))
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/sales/:sale/reversal", allowed: ownAndAdmin, json: { app, _ in
            let made = try await programme(app)
            let admin = try await app.credentials(Demo.admin)
            if try await SaleRecord.query(on: app.db).filter(\.$clientID == "m-0").first() == nil {
                _ = try await app.api(.POST, "\(made.path)/sales", as: admin, json: RationingFixture.sale("m-0", outlet: made.outlet, cards: [("A223456781", [("adult", 1)])]))
            }
            return ("\(made.path)/sales/m-0/reversal", #"{"reason":"Sold to the wrong card."}"#)
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/tickets", allowed: ownAndAdmin, json: { app, _ in
            let made = try await programme(app)
            return ("\(made.path)/tickets", RationingFixture.sale("m-t", outlet: made.outlet, cards: [("A123456784", [("adult", 1)])]))
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/reservations/held", allowed: ownAndAdmin, audited: false, json: { app, _ in
            ("\(try await programme(app).path)/reservations/held", #"{"document":"A123456784"}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/reservations/:reservation/pickup", allowed: ownAndAdmin, json: { app, _ in
            let (made, id) = try await reservation(app)
            return ("\(made.path)/reservations/\(id)/pickup", "")
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/reservations/:reservation/cancellation", allowed: ownAndAdmin, json: { app, _ in
            let (made, id) = try await reservation(app)
            return ("\(made.path)/reservations/\(id)/cancellation", #"{"reason":"No longer needed."}"#)
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/reservations/:reservation/payment", allowed: ownAndAdmin, json: { app, _ in
            let (made, id) = try await reservation(app, payBy: Date().addingTimeInterval(3_600))
            return ("\(made.path)/reservations/\(id)/payment", "")
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/rounds", allowed: ownAndAdmin, json: { app, _ in
            let now = Date()
            let at = { (hours: Double) in now.addingTimeInterval(hours * 3_600).formatted(.iso8601) }
            return ("\(try await programme(app).path)/rounds",
                    #"{"name":"Round 1","class":"adult","quantity":2,"cap":100,"opensAt":"\#(at(0))","closesAt":"\#(at(24))","pickupFrom":"\#(at(24))","pickupUntil":"\#(at(48))"}"#)
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/rounds/:round/entries", allowed: ownAndAdmin, json: { app, _ in
            let made = try await programme(app)
            return ("/api/v1/rationing/rounds/\(try await round(app, closed: false))/entries", #"{"document":"A223456781","outletId":\#(made.outlet)}"#)
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/rounds/:round/draw", allowed: ownAndAdmin, json: { app, _ in
            ("/api/v1/rationing/rounds/\(try await round(app, closed: true))/draw", "")
        }),
        // A terminal's only: no person sends what an outlet sold while cut off.
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/offline-sales", allowed: [], audited: false, json: { app, _ in
            let made = try await programme(app)
            return ("\(made.path)/offline-sales", OfflineSaleTests.batch([("m-o", 1, Date().addingTimeInterval(-60), "A123456784", 1)]))
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/pools", allowed: ownAndAdmin, json: { app, _ in
            ("\(try await programme(app).path)/pools", #"{"name":"Taichung gives","items":{"adult":"mask-surgical-adult"}}"#) }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/donations", allowed: ownAndAdmin, json: { app, _ in
            let made = try await programme(app)
            let pool = try await pool(app, given: false)
            return ("\(made.path)/donations", #"{"donationId":"m-d","document":"C123456780","quota":"masks","poolId":\#(pool),"outletId":\#(made.outlet)}"#)
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/pools/:pool/offer", allowed: ownAndAdmin, json: { app, _ in
            ("\(try await programme(app).path)/pools/\(try await pool(app, given: true))/offer", "")
        }),
        WriteRoute(method: .POST, pattern: "/api/v1/rationing/programmes/:programme/entitlement", allowed: Set(Persona.allCases), audited: false, json: { app, _ in
            ("\(try await programme(app).path)/entitlement", #"{"document":"A123456784","birth":"1980-01-01"}"#) }),
        WriteRoute(method: .POST, pattern: "/rationing/:programme/entitlement", allowed: Set(Persona.allCases), audited: false, fixture: { app, _ in
            ("/rationing/\(try await programme(app).programme)/entitlement", ["document": "A123456784", "birth": "1980-01-01"]) }),
        WriteRoute(method: .POST, pattern: "/rationing/:programme/counter", allowed: ownAndAdmin, audited: false, fixture: { app, _ in
            let made = try await programme(app)
            return ("/rationing/\(made.programme)/counter", ["outlet": String(made.outlet), "doc0": "A123456784", "class0": "adult", "qty0": "1", "action": "check"])
        }),
    ]

    static let futurePolicy = String(decoding: try! JSONEncoder().encode(RationingFixture.policy(max: 3, from: CivilDay(year: 2099, month: 1, day: 1))), as: UTF8.self)

    /// The matrix's rationing programme, made once per app.
    static func programme(_ app: Application) async throws -> RationingFixture.Made {
        if let row = try await ProgrammeRecord.query(on: app.db).filter(\.$name == "Taichung masks").first() {
            let outlets = try await OutletRecord.query(on: app.db).filter(\.$programmeID == row.requireID()).sort(\.$id).all()
            return RationingFixture.Made(programme: try row.requireID(), outlet: try outlets[0].requireID(), otherOutlet: try outlets[1].requireID())
        }
        return try await RationingFixture.make(app)
    }

    /// A ticket held at the matrix programme's outlet, made without the API so it leaves no audit
    /// entry; each call holds another, for the next of the programme's people.
    static func reservation(_ app: Application, payBy: Date? = nil) async throws -> (RationingFixture.Made, Int) {
        let made = try await programme(app)
        let count = try await ReservationRecord.query(on: app.db).count()
        let key = try app.documentKey.programmeKey(RationingFixture.documents[count % 8 == 2 ? 3 : count % 8], programmeID: made.programme, field: "document")
        let row = try #require(try await RegisteredPersonRecord.query(on: app.db).filter(\.$documentKey == key).first())
        let person = try RegisteredPeople.person(.init(row)), personID = try row.requireID()
        let visit = Sales.CheckedVisit(outletID: made.outlet, channel: "counter", holder: person, holderID: personID, cards: [Card(person, [Line("adult", 1)])],
                                       cardPersonIDs: [personID], people: [personID: person], fingerprint: "matrix \(count)")
        let id = try await app.transaction(personID: nil) { trail in
            let rules = try #require(try await app.programmeCache.schedules(of: [made.programme], on: trail.db.sql)[made.programme]?.inForce(at: trail.now))
            let hold = ReservationLedger.Hold(programmeID: made.programme, clientID: "matrix-\(count)", visit: visit, kind: .ticket, readyAt: nil,
                                              expiresAt: trail.now.addingTimeInterval(3_600), payBy: payBy, roundID: nil, number: nil, terminalID: nil, sellerID: nil)
            return try #require(try await ReservationLedger.hold(hold, under: rules, at: trail.now, catalogue: app.catalogue, on: trail.db).1?.requireID())
        }
        return (made, id)
    }

    /// A pool of the matrix programme, made without the API; with a donation of 2 adult masks when `given`.
    static func pool(_ app: Application, given: Bool) async throws -> Int {
        let made = try await programme(app)
        let now = Date()
        let pool = PoolRecord()
        (pool.programmeID, pool.name, pool.items, pool.createdAt) = (made.programme, "Matrix pool", #"{"adult":"mask-surgical-adult"}"#, now)
        try await pool.create(on: app.db)
        guard given else { return try pool.requireID() }
        let people = try await RegisteredPersonRecord.query(on: app.db).filter(\.$programmeID == made.programme).all()
        let sale = SaleRecord()
        (sale.programmeID, sale.clientID, sale.fingerprint, sale.outletID, sale.holderID) = (made.programme, "matrix-gift-\(UUID())", "-", made.outlet, try people[4].requireID())
        (sale.channel, sale.at, sale.allowed, sale.decision, sale.holds) = ("donation", now, true, "{}", false)
        try await sale.create(on: app.db)
        let donation = DonationRecord()
        (donation.poolID, donation.saleID, donation.class, donation.quantity, donation.at) = (try pool.requireID(), try sale.requireID(), "adult", 2, now)
        try await donation.create(on: app.db)
        return try pool.requireID()
    }

    /// A round of the matrix programme, open or closed (undrawn), made without the API.
    static func round(_ app: Application, closed: Bool) async throws -> Int {
        let made = try await programme(app)
        let now = Date()
        let round = RoundRecord()
        (round.programmeID, round.name, round.class, round.quantity, round.cap, round.allocation) = (made.programme, "Matrix round", "adult", 1, 10, "lottery")
        round.taken = 0
        (round.opensAt, round.closesAt) = (now.addingTimeInterval(-7_200), now.addingTimeInterval(closed ? -60 : 3_600))
        (round.pickupFrom, round.pickupUntil) = (now.addingTimeInterval(3_600), now.addingTimeInterval(7_200))
        (round.seed, round.seedHash, round.createdAt) = (String(repeating: "0", count: 64), PublicLottery.commitment(to: String(repeating: "0", count: 64)), now)
        try await round.create(on: app.db)
        return try round.requireID()
    }

    @Test func everyWriteRouteHasARule() async throws {
        try await withAmity(seeded: false) { app async throws in
            let served = Set(app.routes.all.filter { $0.method != .GET && $0.method != .HEAD }.map {
                "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/")
            })
            let ruled = Set((Self.all + Self.rationing).map(\.testDescription))
            #expect(served.subtracting(ruled).isEmpty, "write routes without a rule: \(served.subtracting(ruled).sorted())")
            #expect(ruled.subtracting(served).isEmpty, "rules for routes that do not exist: \(ruled.subtracting(served).sorted())")
        }
    }

    @Test(arguments: all + rationing)
    func onlyTheRightPeopleMayWrite(_ route: WriteRoute) async throws {
        for persona in Persona.allCases {
            try await withAmity { app async throws in
                let email: String? = switch persona {
                case .anonymous: nil
                case .otherOfficer: route.other
                case .ownOfficer: route.own
                case .secretariat: Demo.citynet
                case .administrator: Demo.admin
                }
                var who: Credentials?
                if let email { who = try await app.credentials(email) }
                let before = try await app.auditCount()
                let response: TestingHTTPResponse
                if let json = route.json {
                    let (path, body) = try await json(app, who)
                    response = try await app.api(route.method, path, as: who, json: body.isEmpty ? nil : body)
                } else {
                    let (path, fields) = try await route.fixture(app, who)
                    response = try await app.form(path, as: who, fields: fields)
                }
                let status = response.status.code
                let context = "\(route.testDescription) as \(persona): \(status) \(response.body.string.prefix(300))"
                if route.allowed.contains(persona) {
                    let location = response.headers.first(name: .location) ?? ""
                    let succeeded = route.isAPI ? (200..<300).contains(status)
                        : (200..<300).contains(status) || (status == 303 && !location.hasPrefix("/sign-in?next"))
                    #expect(succeeded, "\(context)")
                    if route.audited {
                        #expect(try await app.auditCount() > before, "\(context) left no audit entry")
                    }
                } else {
                    if persona == .anonymous {
                        if route.isAPI { #expect(status == 401, "\(context)") } else {
                            #expect(status == 303 && response.headers.first(name: .location)?.hasPrefix("/sign-in") == true, "\(context)")
                        }
                        // Authenticate first, then read the body: a stranger's broken body is still only 401.
                        let path: String
                        if let json = route.json { path = try await json(app, nil).path } else { path = try await route.fixture(app, nil).path }
                        let broken: TestingHTTPResponse
                        if route.isAPI {
                            broken = try await app.api(route.method, path, json: #"{"cityId":"#)
                        } else {
                            broken = try await app.form(path, fields: ["cityId": "not a number"])
                        }
                        if route.isAPI { #expect(broken.status.code == 401, "\(context), broken body: \(broken.status.code)") } else {
                            #expect(broken.status.code == 303, "\(context), broken body: \(broken.status.code)")
                        }
                    } else {
                        #expect(status == 403, "\(context)")
                        // Authorize, then read: the wrong role hears 403 whatever else the body holds. A body whose
                        // target can be read but whose other fields are broken is refused for its target.
                        let path: String, broken: TestingHTTPResponse, unreadable: TestingHTTPResponse
                        if let json = route.json {
                            let fixture = try await json(app, who)
                            path = fixture.path
                            broken = try await app.api(route.method, path, as: who, json: Self.breakingAllButTheTarget(fixture.body))
                            unreadable = try await app.api(route.method, path, as: who, json: #"{"cityId":"#)
                        } else {
                            let fixture = try await route.fixture(app, who)
                            path = fixture.path
                            broken = try await app.form(path, as: who, fields: fixture.body.mapValues { _ in "" }
                                .merging(fixture.body.filter { Self.targetFields.contains($0.key) }) { $1 })
                            unreadable = try await app.form(path, as: who, fields: ["cityId": "not a number"])
                        }
                        #expect(broken.status.code == 403, "\(context), broken body: \(broken.status.code) \(broken.body.string.prefix(200))")
                        // A body that names nothing readable cannot be authorized for its target: it is held to the
                        // role, so someone holding none hears 403, and an officer or secretariat hears what is wrong.
                        #expect([400, 403].contains(unreadable.status.code), "\(context), unreadable body: \(unreadable.status.code)")
                        if persona == Persona.allCases.first(where: { $0 != .anonymous && !route.allowed.contains($0) }) {
                            let roleless = try await app.credentials(Demo.reader)
                            let refused = route.isAPI
                                ? try await app.api(route.method, path, as: roleless, json: #"{"cityId":"#)
                                : try await app.form(path, as: roleless, fields: ["cityId": "not a number"])
                            #expect(refused.status.code == 403, "\(route.testDescription) as a person with no role, unreadable body: \(refused.status.code)")
                        }
                    }
                    #expect(try await app.auditCount() == before, "\(context) changed something")
                }
            }
        }
    }

    // MARK: Fixtures

    /// An assembly CityNet convenes, with Taichung and Taipei.
    static func citynetAssembly(_ app: Application) async throws -> Int {
        if let existing = try await AssemblyRecord.query(on: app.db).filter(\.$networkID == "citynet").first() { return try existing.requireID() }
        let row = AssemblyRecord()
        (row.networkID, row.name, row.description, row.quorumPercent, row.majority, row.createdAt) = ("citynet", "CityNet Council", "", 50, "simple", Date())
        try await row.create(on: app.db)
        return try row.requireID()
    }

    /// The demo's Virtual Parliament, with Taichung made a member.
    static func assembly(_ app: Application) async throws -> Int {
        let id = try await AssemblyRecord.query(on: app.db).first()!.requireID()
        if try await AssemblyMemberRecord.query(on: app.db).filter(\.$assemblyID == id).filter(\.$cityID == Demo.taichungID).first() == nil {
            let member = AssemblyMemberRecord()
            (member.assemblyID, member.cityID) = (id, Demo.taichungID)
            try await member.create(on: app.db)
        }
        return id
    }

    /// A motion of Milan's in the Virtual Parliament, with its vote open until 2099 when asked.
    static func motion(_ app: Application, voting: Bool) async throws -> Int {
        let assembly = try await assembly(app)
        let title = "Milan's motion \(voting)"
        if let existing = try await MotionRecord.query(on: app.db).filter(\.$title == title).first() { return try existing.requireID() }
        let admin = try await Person.query(on: app.db).filter(\.$email == Demo.admin).first()!
        let row = MotionRecord()
        (row.assemblyID, row.cityID, row.personID, row.title, row.text, row.createdAt) = (assembly, 3_173_435, try admin.requireID(), title, "No austerity.", Date())
        if voting { (row.voteOpensAt, row.voteClosesAt) = (Date(), Date(timeIntervalSince1970: 4_070_908_800)) }
        try await row.create(on: app.db)
        return try row.requireID()
    }

    /// A workshop Taichung hosts in 2099 (with Taichung registered when asked).
    static func event(_ app: Application, registered: Bool = false) async throws -> Int {
        let title = "Taichung workshop \(registered)"
        if let existing = try await EventRecord.query(on: app.db).filter(\.$title == title).first() { return try existing.requireID() }
        let admin = try await Person.query(on: app.db).filter(\.$email == Demo.admin).first()!
        let row = EventRecord()
        (row.hostCityID, row.kind, row.title, row.description, row.timeZone, row.waitingList, row.agenda) = (Demo.taichungID, "workshop", title, "", "Asia/Taipei", true, "[]")
        (row.startsAt, row.endsAt, row.createdBy, row.createdAt, row.updatedAt) =
            (Date(timeIntervalSince1970: 4_081_000_000), Date(timeIntervalSince1970: 4_081_007_200), try admin.requireID(), Date(), Date())
        try await row.create(on: app.db)
        if registered {
            let registration = RegistrationRecord()
            (registration.eventID, registration.cityID, registration.personID, registration.status, registration.createdAt, registration.updatedAt) =
                (try row.requireID(), Demo.taichungID, try admin.requireID(), .registered, Date(), Date())
            try await registration.create(on: app.db)
        }
        return try row.requireID()
    }

    /// San Antonio's demo resolution.
    static func sanAntonio(_ app: Application) async throws -> Int {
        try await ResolutionRecord.query(on: app.db).filter(\.$cityID == 4_726_206).first()!.requireID()
    }

    /// A statement hosted by Taichung: a draft, or open until 2099 (and signed by Taichung when asked).
    static func statement(_ app: Application, open: Bool, signedByTaichung: Bool = false) async throws -> Int {
        let title = "Taichung statement \(open) \(signedByTaichung)"
        if let existing = try await StatementRecord.query(on: app.db).filter(\.$title == title).first() { return try existing.requireID() }
        let admin = try await Person.query(on: app.db).filter(\.$email == Demo.admin).first()!
        let row = StatementRecord()
        (row.title, row.text, row.version, row.status, row.hostCityID, row.createdBy, row.createdAt) =
            (title, "We, the cities, ask.", 1, open ? .open : .draft, Demo.taichungID, try admin.requireID(), Date())
        if open {
            (row.opensAt, row.closesAt) = (Date(), Date().addingTimeInterval(365 * 86_400))
            row.textHash = SignatureChain.textHash(version: 1, title: title, text: row.text)
        }
        try await row.create(on: app.db)
        if signedByTaichung {
            let entry = SignatureChain.append(action: .sign, cityId: Demo.taichungID, city: "Taichung", signer: "Taichung international affairs",
                                              title: "Mayor of Taichung", at: Date(), after: nil, textHash: row.textHash ?? "")
            let record = SignatureEntryRecord()
            (record.statementID, record.position, record.action, record.cityID, record.cityName, record.signerName, record.signerTitle) =
                (try row.requireID(), 1, "sign", Demo.taichungID, "Taichung", entry.signer, entry.title)
            (record.personID, record.at, record.previousHash, record.hash) = (try admin.requireID(), entry.at, entry.previousHash, entry.hash)
            try await record.create(on: app.db)
        }
        return try row.requireID()
    }

    /// The demo's four-city letter, as exported.
    static func statementExport(_ app: Application) async throws -> StatementExport {
        let letter = try await StatementRecord.query(on: app.db).filter(\.$hostNetworkID == "gpm").first()!
        let entries = try await SignatureEntryRecord.query(on: app.db).filter(\.$statementID == letter.id!).sort(\.$position).all().map(Statements.chainEntry)
        return StatementExport(statementId: letter.id!, version: 1, title: letter.title, text: letter.text, textHash: letter.textHash!,
                               entries: entries, head: entries.last?.hash ?? letter.textHash!)
    }

    /// A Taichung practice in the given state (made once per app).
    static func practice(_ app: Application, status: PracticeStatus, callID: Int? = nil) async throws -> Int {
        if let existing = try await PracticeRecord.query(on: app.db).filter(\.$cityID == Demo.taichungID).filter(\.$status == status)
            .filter(\.$title == "Quarantine hotels").first() { return try existing.requireID() }
        let admin = try await Person.query(on: app.db).filter(\.$email == Demo.admin).first()!
        let row = PracticeRecord()
        (row.cityID, row.title, row.summary, row.body, row.area, row.tags, row.sdgTargets, row.language) =
            (Demo.taichungID, "Quarantine hotels", "Rooms for arriving residents.", "Details.", "vulnerable-groups", "", "", "en")
        (row.status, row.callID, row.callSelected, row.createdBy, row.createdAt, row.updatedAt) = (status, callID, false, try admin.requireID(), Date(), Date())
        row.publishedAt = status == .published ? Date() : nil
        try await row.create(on: app.db)
        return try row.requireID()
    }

    /// An open CityNet call with a Taichung practice submitted to it.
    static func call(_ app: Application) async throws -> (call: Int, practice: Int) {
        if let existing = try await CallRecord.query(on: app.db).filter(\.$networkID == "citynet").first(),
           let practice = try await PracticeRecord.query(on: app.db).filter(\.$callID == existing.id).first() {
            return (try existing.requireID(), try practice.requireID())
        }
        let call = CallRecord()
        (call.networkID, call.title, call.description, call.areas, call.deadline, call.status, call.createdAt) =
            ("citynet", "Rapid responses", "What works now?", "vulnerable-groups", Date().addingTimeInterval(30 * 86_400), .open, Date())
        try await call.create(on: app.db)
        return (try call.requireID(), try await practice(app, status: .submitted, callID: try call.requireID()))
    }

    /// The demo question Taichung's officer asked CityNet, with a New Taipei answer.
    static func question(_ app: Application) async throws -> (question: Int, answer: Int) {
        let question = try await QuestionRecord.query(on: app.db).filter(\.$cityID == Demo.taichungID).first()!
        if let answer = try await AnswerRecord.query(on: app.db).filter(\.$questionID == question.id!).first() { return (question.id!, try answer.requireID()) }
        let newTaipei = try await Person.query(on: app.db).filter(\.$email == Demo.newTaipei).first()!
        let answer = AnswerRecord()
        (answer.questionID, answer.cityID, answer.personID, answer.body, answer.createdAt) = (question.id!, 1_668_341, try newTaipei.requireID(), "Hotels paid by the city.", Date())
        try await answer.create(on: app.db)
        return (question.id!, try answer.requireID())
    }

    /// New Taipei's campaign for its sister city Cincinnati.
    static func campaign(_ app: Application) async throws -> Int {
        if let existing = try await CampaignRecord.query(on: app.db).filter(\.$cityID == Demo.newTaipeiID).first() { return try existing.requireID() }
        let campaign = CampaignRecord()
        (campaign.cityID, campaign.beneficiaryCityID, campaign.title, campaign.target, campaign.currency, campaign.createdAt) =
            (Demo.newTaipeiID, Demo.cincinnatiID, "PPE for Cincinnati", 100_000, "TWD", Date())
        try await campaign.create(on: app.db)
        return try campaign.requireID()
    }

    /// A stored plan with one line from a Taichung offer to a Cincinnati need.
    static func planLine(_ app: Application) async throws -> (plan: Int, line: Int) {
        // A line of a plan of its day: the demo's plan replays 2020 and is not for answering.
        let today = try await PlanRecord.query(on: app.db).filter(\.$asOf == nil).all(\.$id)
        if let line = try await PlanLineRecord.query(on: app.db).filter(\.$planID ~~ today.compactMap { $0 }).first() { return (line.planID, try line.requireID()) }
        let (need, offer, _) = try await aid(app)
        let cincinnatiNeed = NeedRecord()
        (cincinnatiNeed.cityID, cincinnatiNeed.item, cincinnatiNeed.quantity, cincinnatiNeed.urgency, cincinnatiNeed.status) = (Demo.cincinnatiID, "sanitised-water", 100, 3, .open)
        (cincinnatiNeed.confirmedAt, cincinnatiNeed.createdAt) = (Date(), Date())
        try await cincinnatiNeed.create(on: app.db)
        _ = need
        let admin = try await Person.query(on: app.db).filter(\.$email == Demo.admin).first()!
        let plan = PlanRecord()
        (plan.scope, plan.scopeID, plan.mode, plan.madeBy, plan.delivered, plan.totalCost, plan.unmet, plan.createdAt) =
            ("city", "1668399", "efficient", try admin.requireID(), 100, 100, "[]", Date())
        try await plan.create(on: app.db)
        let line = PlanLineRecord()
        (line.planID, line.offerID, line.needID, line.quantity, line.unitCost, line.reason) =
            (try plan.requireID(), offer, try cincinnatiNeed.requireID(), 100, 1, #"{"nearestSupplier":{}}"#)
        try await line.create(on: app.db)
        return (try plan.requireID(), try line.requireID())
    }

    /// A Taichung need and offer, and a tentative pledge from that offer to Cincinnati.
    static func aid(_ app: Application) async throws -> (need: Int, offer: Int, pledge: Int) {
        if let need = try await NeedRecord.query(on: app.db).filter(\.$cityID == Demo.taichungID).first(),
           let offer = try await OfferRecord.query(on: app.db).filter(\.$cityID == Demo.taichungID).first(),
           let pledge = try await PledgeRecord.query(on: app.db).filter(\.$donorCityID == Demo.taichungID).first() {
            return (try need.requireID(), try offer.requireID(), try pledge.requireID())
        }
        let now = Date()
        let need = NeedRecord()
        (need.cityID, need.item, need.quantity, need.urgency, need.status, need.confirmedAt, need.createdAt) =
            (Demo.taichungID, "test-kit", 1_000, 4, .open, now, now)
        try await need.create(on: app.db)
        let offer = OfferRecord()
        (offer.cityID, offer.item, offer.quantity, offer.committed, offer.partnersOnly, offer.status, offer.confirmedAt, offer.createdAt) =
            (Demo.taichungID, "sanitised-water", 5_000, 100, false, .open, now, now)
        try await offer.create(on: app.db)
        let pledge = PledgeRecord()
        (pledge.offerID, pledge.donorCityID, pledge.recipientCityID, pledge.item, pledge.quantity, pledge.status, pledge.received) =
            (offer.id, Demo.taichungID, Demo.cincinnatiID, "sanitised-water", 100, .tentative, 0)
        (pledge.createdAt, pledge.updatedAt) = (now, now)
        try await pledge.create(on: app.db)
        return (try need.requireID(), try offer.requireID(), try pledge.requireID())
    }

    /// A need of Cincinnati's that Taichung's water offer can meet.
    static func cincinnatiWaterNeed(_ app: Application) async throws -> Int {
        let need = NeedRecord()
        let now = Date()
        (need.cityID, need.item, need.quantity, need.urgency, need.status, need.confirmedAt, need.createdAt) =
            (Demo.cincinnatiID, "sanitised-water", 1_000, 4, .open, now, now)
        try await need.create(on: app.db)
        return try need.requireID()
    }

    /// Taiwan's mask rule from the demo.
    static func rule(_ app: Application) async throws -> Int {
        try await RuleRecord.query(on: app.db).filter(\.$countryCode == "TW").first()!.requireID()
    }

    /// A token of the caller's own (any id for anonymous).
    static func ownToken(_ app: Application, _ who: Credentials?) async throws -> Int {
        guard let who else { return 1 }
        return try await APIToken.query(on: app.db).filter(\.$personID == who.personID).first()?.requireID() ?? 0
    }

    /// A network that recorded Taichung as a member without Taichung's confirmation.
    static func pendingMembership(_ app: Application) async throws -> String {
        let joined = Set(try await Membership.query(on: app.db).filter(\.$cityID == Demo.taichungID).all(\.$networkID))
        let network = try await Network.query(on: app.db).sort(\.$id).all().first { !joined.contains($0.id ?? "") }!.id!
        let membership = Membership()
        (membership.networkID, membership.cityID, membership.role) = (network, Demo.taichungID, "member")
        try await membership.create(on: app.db)
        return network
    }

    /// A link mailed to the demo reader, as its token.
    static func readersLink(_ app: Application, _ purpose: AccountLink.Purpose) async throws -> String {
        let reader = try await Person.query(on: app.db).filter(\.$email == Demo.reader).first()!.requireID()
        return try await app.transaction(personID: nil) { trail in try await AccountLinks.issue(purpose, for: reader, email: Demo.reader, trail: trail) }
    }

    /// Taichung's demo officer's verified role (Taichung is a CityNet member).
    static func taichungsRole(_ app: Application) async throws -> Int {
        let officer = try await Person.query(on: app.db).filter(\.$email == Demo.taichung).first()!.requireID()
        return try await RoleRequest.query(on: app.db).filter(\.$personID == officer).filter(\.$status == .verified)
            .filter(\.$cityID == Demo.taichungID).first()!.requireID()
    }

    /// The demo's pending request (Kaohsiung, a CityNet member).
    static func pendingRequest(_ app: Application) async throws -> Int {
        try await RoleRequest.query(on: app.db).filter(\.$status == .pending).first()!.requireID()
    }

    /// A Taichung–Cincinnati partnership and an event in it, both claimed by Taichung.
    static func claim(_ app: Application) async throws -> (partnership: Int, event: Int) {
        if let existing = try await Partnership.query(on: app.db).filter(\.$cityAID == Demo.taichungID).filter(\.$cityBID == Demo.cincinnatiID).first() {
            return (try existing.requireID(), 1)
        }
        let partnership = try await PartnershipRecorder(database: app.db).record(
            cities: [Demo.taichungID, Demo.cincinnatiID], kind: .sisterCity, summary: nil,
            history: [PartnershipEvent(kind: .signed, on: try PartialDate("2015")), PartnershipEvent(kind: .suspended, on: try PartialDate("2020-03"))],
            claimedBy: Demo.taichungID)
        return (try partnership.requireID(), 1)
    }
}
