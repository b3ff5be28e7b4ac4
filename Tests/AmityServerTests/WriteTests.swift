@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct WriteTests {
    @Test func aPartnershipIsAClaimUntilTheOtherCityConfirms() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung), cincinnati = try await app.credentials(Demo.cincinnati)
            var id = 0
            try await app.api(.POST, "/api/v1/partnerships", as: taichung,
                              json: #"{"cities":[1668399,4508722],"kind":"sister-city","history":[{"kind":"signed","on":"2015-05"}]}"#) { res async throws in
                #expect(res.status == .created)
                let dto = try res.json(PartnershipDTO.self)
                #expect(dto.claimedBy == Demo.taichungID && dto.history.first?.claimedBy == Demo.taichungID)
                id = dto.id
            }
            let page = try await app.page("/cities/\(Demo.cincinnatiID)", as: cincinnati)
            #expect(page.body.string.contains("Claimed by Taichung"))
            #expect(page.body.string.contains("/partnerships/\(id)/confirm"))
            try await app.api(.POST, "/api/v1/partnerships/\(id)/confirm", as: taichung) { res async throws in #expect(res.status == .forbidden) }
            try await app.api(.POST, "/api/v1/partnerships/\(id)/confirm", as: cincinnati) { res async throws in
                #expect(try res.status == .ok && (res.json(PartnershipDTO.self)).claimedBy == nil)
            }
            try await app.api(.POST, "/api/v1/partnerships/\(id)/confirm", as: cincinnati) { res async throws in #expect(res.status == .conflict) }
            // An event that breaks the lifecycle is refused and changes nothing.
            try await app.api(.POST, "/api/v1/partnerships/\(id)/events", as: cincinnati, json: #"{"kind":"restored","on":"2020-01-01"}"#) { res async throws in
                #expect(res.status == .badRequest)
            }
            // M9: one city's suspension is a claim; the status changes when the other city confirms it.
            try await app.api(.POST, "/api/v1/partnerships/\(id)/events", as: cincinnati, json: #"{"kind":"suspended","on":"2020-04-01"}"#) { res async throws in
                #expect(try res.status == .created && (res.json(PartnershipDTO.self)).status == .active)
            }
            try await app.api(.POST, "/api/v1/partnerships/\(id)/events/1/confirm", as: taichung) { res async throws in
                #expect(try res.json(PartnershipDTO.self).status == .suspended)
            }
        }
    }

    @Test func samePostWithTheSameKeyIsCarriedOutOnce() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung)
            let body = #"{"cities":[1668399,1673820],"kind":"cooperation-agreement","history":[{"kind":"signed"}]}"#
            let key: HTTPHeaders = ["Idempotency-Key": "4f1c2a7e-retry"]
            let first = try await app.api(.POST, "/api/v1/partnerships", as: taichung, json: body, headers: key)
            let second = try await app.api(.POST, "/api/v1/partnerships", as: taichung, json: body, headers: key)
            #expect(first.status == .created && second.status == .created)
            #expect(first.body.string == second.body.string)
            #expect(second.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await Partnership.query(on: app.db).filter(\.$kind == "cooperation-agreement").count() == 1)
            try await app.api(.POST, "/api/v1/partnerships", as: taichung, json: body.replacingOccurrences(of: "1673820", with: "1668341"), headers: key) { res async throws in
                #expect(res.status == .unprocessableEntity)
            }
            // Without a key the same body is a new request, and a duplicate.
            try await app.api(.POST, "/api/v1/partnerships", as: taichung, json: body) { res async throws in #expect(res.status == .conflict) }
            // A refused request does not use up its key.
            let bad: HTTPHeaders = ["Idempotency-Key": "second"]
            try await app.api(.POST, "/api/v1/tokens", as: taichung, json: #"{"name":""}"#, headers: bad) { res async throws in #expect(res.status == .badRequest) }
            try await app.api(.POST, "/api/v1/tokens", as: taichung, json: #"{"name":"ok"}"#, headers: bad) { res async throws in #expect(res.status == .created) }
            try await app.api(.POST, "/api/v1/tokens", as: taichung, json: #"{"name":""}"#, headers: ["Idempotency-Key": "bad key é"]) { res async throws in
                #expect(res.status == .badRequest)
            }
        }
    }

    @Test func everyWriteIsAuditedWithBeforeAfterAndRequestID() async throws {
        try await withAmity { app async throws in
            let officer = try await app.credentials(Demo.taichung)
            try await app.api(.PUT, "/api/v1/cities/\(Demo.taichungID)/profile", as: officer,
                              json: #"{"office":"International Affairs Section","contactEmail":"ia@taichung.example","languages":["zh","en","zh"]}"#) { res async throws in
                #expect(try res.status == .ok && (res.json(CityProfileDTO.self)).languages == ["zh", "en"])
            }
            try await app.api(.PUT, "/api/v1/cities/\(Demo.taichungID)/profile", as: officer,
                              json: #"{"office":"International Affairs Division","languages":["zh"]}"#)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$entity == "city-profile").sort(\.$id).all()
            #expect(entries.map(\.action) == ["create", "update"])
            #expect(entries[1].before?.contains("International Affairs Section") == true)
            #expect(entries[1].after?.contains("International Affairs Division") == true)
            #expect(entries.allSatisfy { $0.personID == officer.personID && $0.requestID?.isEmpty == false && $0.cityID == Demo.taichungID })
            try await app.api(.GET, "/api/v1/cities/\(Demo.taichungID)/history") { res async throws in
                #expect(res.status == .ok && res.body.string.contains("city-profile"))
                // The demo officer's request to act for Taichung is audited, but not public.
                #expect(!res.body.string.contains("role-request"))
            }
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "role-request").filter(\.$cityID == Demo.taichungID).count() == 1)
            try await app.api(.GET, "/api/v1/audit", as: officer) { res async throws in #expect(res.status == .forbidden) }
            try await app.api(.GET, "/api/v1/audit?entity=city-profile", as: try await app.credentials(Demo.admin)) { res async throws in
                #expect(res.status == .ok && res.body.string.contains("International Affairs Division"))
            }
        }
    }

    @Test func anAuditEntryRollsBackWithItsChange() async throws {
        try await withAmity { app async throws in
            let before = try await app.auditCount()
            struct Failure: Error {}
            await #expect(throws: Failure.self) {
                try await app.db.transaction { db in
                    let trail = AuditTrail(db: db, personID: nil, requestID: "r", now: Date())
                    let profile = CityProfile()
                    profile.id = Demo.taichungID
                    profile.office = "x"
                    profile.languages = "en"
                    profile.updatedAt = Date()
                    try await profile.create(on: db)
                    try await trail.record("create", "city-profile", id: "1668399", after: CityProfileDTO(profile))
                    throw Failure()
                }
            }
            #expect(try await app.auditCount() == before)
            #expect(try await CityProfile.find(Demo.taichungID, on: app.db) == nil)
        }
    }

    @Test(arguments: [
        (#"{"languages":["en"]}"#, "office"), (#"{"office":"x","languages":["english"]}"#, "languages[0]"),
        (#"{"office":"x","languages":[]}"#, "languages"), (#"{"office":"x","languages":"en"}"#, "languages"),
        (#"{"office":"x","languages":["en"],"contactEmail":"not-an-email"}"#, "contactEmail"),
        (#"{"office":"x","languages":["en"],"website":"javascript:alert(1)"}"#, "website"), ("not json", ""),
    ])
    func badInputIsRefusedAndChangesNothing(_ body: String, _ field: String) async throws {
        try await withAmity { app async throws in
            let officer = try await app.credentials(Demo.taichung)
            try await app.api(.PUT, "/api/v1/cities/\(Demo.taichungID)/profile", as: officer, json: body) { res async throws in
                #expect(res.status == .badRequest, "\(body)")
                if !field.isEmpty { #expect(try res.json(ProblemBody.self).errors?.contains { $0.field == field } == true, "\(res.body.string)") }
            }
            #expect(try await CityProfile.find(Demo.taichungID, on: app.db) == nil)
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        try await withAmity { app async throws in
            let officer = try await app.credentials(Demo.taichung)
            let big = #"{"office":""# + String(repeating: "x", count: 70_000) + #"","languages":["en"]}"#
            try await app.api(.PUT, "/api/v1/cities/\(Demo.taichungID)/profile", as: officer, json: big) { res async throws in
                #expect(res.status == .payloadTooLarge)
            }
        }
    }

    @Test func secretariatsRunTheirNetworks() async throws {
        try await withAmity { app async throws in
            let citynet = try await app.credentials(Demo.citynet)
            try await app.api(.POST, "/api/v1/networks/citynet/members", as: citynet, json: #"{"cityId":1850147,"role":"member","since":"1987"}"#) { res async throws in
                #expect(try res.status == .created && (res.json(MembershipDTO.self)).city.name == "Tokyo")
            }
            try await app.api(.POST, "/api/v1/networks/citynet/members", as: citynet, json: #"{"cityId":1850147,"role":"member"}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            try await app.api(.POST, "/api/v1/networks/c40/members", as: citynet, json: #"{"cityId":1850147,"role":"member"}"#) { res async throws in
                #expect(res.status == .forbidden)
            }
            try await app.api(.DELETE, "/api/v1/networks/citynet/members/1850147", as: citynet) { res async throws in #expect(res.status == .noContent) }
            try await app.api(.POST, "/api/v1/networks", as: try await app.credentials(Demo.admin),
                              json: #"{"id":"Bad Id","name":"x","shortName":"x","kind":"global","summary":"x"}"#) { res async throws in
                #expect(res.status == .badRequest)
            }
        }
    }

    @Test func everyCreatedRecordSaysWhereItLives() async throws {
        try await withAmity { app async throws in
            let (taichung, cincinnati, newTaipei) = (try await app.credentials(Demo.taichung), try await app.credentials(Demo.cincinnati),
                                                     try await app.credentials(Demo.newTaipei))
            let assembly = try await AuthorizationMatrixTests.assembly(app)
            let statement = try await AuthorizationMatrixTests.statement(app, open: true)
            let creations: [(String, Credentials, String)] = [
                ("/api/v1/offers", taichung, #"{"cityId":1668399,"item":"gown","quantity":10}"#),
                ("/api/v1/needs", cincinnati, #"{"cityId":4508722,"item":"gown","quantity":10,"urgency":3}"#),
                ("/api/v1/campaigns", newTaipei, #"{"cityId":12908892,"beneficiaryCityId":4508722,"title":"Masks for Cincinnati","target":50000,"currency":"TWD"}"#),
                ("/api/v1/assemblies/\(assembly)/motions", taichung, #"{"cityId":1668399,"title":"Open borders for medicine","text":"We move."}"#),
                ("/api/v1/statements/\(statement)/versions", taichung, #"{"title":"Cities for open borders, v2","text":"We ask, v2."}"#),
            ]
            for (path, who, json) in creations {
                let created = try await app.api(.POST, path, as: who, json: json)
                #expect(created.status == .created, "\(path): \(created.body.string)")
                let location = try #require(created.headers.first(name: .location), "\(path) names no Location")
                #expect(try await app.api(.GET, location, as: who).status == .ok, "\(path) → \(location)")
            }
        }
    }
}
