@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// H4 and M12: state changes that race, sent at once through two instances of Amity on one
/// database (an SQLite file, or a PostgreSQL schema), each with its own connections and its own
/// write gate, so only the database's locks and conditional updates stand between them.
@Suite struct RaceTests {
    static let attempts = 16

    /// Sends `attempts` requests at once, alternating between the two instances; returns their statuses.
    static func race(_ a: Application, _ b: Application, _ send: @escaping @Sendable (Application, Int) async throws -> UInt) async throws -> [UInt] {
        try await withThrowingTaskGroup(of: UInt.self) { group in
            for i in 0..<attempts { group.addTask { try await send(i % 2 == 0 ? a : b, i) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func theSamePledgeCancelledAtOnceReleasesItsSupplyOnce() async throws {
        try await withAmityOnAFile { app async throws in
            let (offer, need, taichung, _) = try await AidTests.offerAndNeed(app)
            let pledge = try await app.api(.POST, "/api/v1/pledges", as: taichung, json: #"{"offerId":\#(offer),"needId":\#(need),"quantity":400}"#).json(PledgeDTO.self)
            try await withSecondInstance(of: app) { second async throws in
                let statuses = try await Self.race(app, second) { instance, _ in
                    try await instance.api(.POST, "/api/v1/pledges/\(pledge.id)/cancel", as: taichung, json: #"{"reason":"Double-click."}"#).status.code
                }
                #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
                #expect(statuses.allSatisfy { $0 == 200 || $0 == 409 }, "\(statuses)")
            }
            #expect(try await OfferRecord.find(offer, on: app.db)?.committed == 0, "released exactly once")
        }
    }

    @Test func aPlanLineAnsweredAtOnceMakesOnePledge() async throws {
        try await withAmityOnAFile { app async throws in
            let (offer, _, taichung, _) = try await AidTests.offerAndNeed(app)
            let plan = try await app.plan(as: taichung, json: #"{"cityId":1668399}"#)
            let line = try #require(plan.lines.first { $0.offerId == offer })
            try await withSecondInstance(of: app) { second async throws in
                let statuses = try await Self.race(app, second) { instance, _ in
                    try await instance.api(.POST, "/api/v1/plans/\(plan.id)/lines/\(line.id)/accept", as: taichung).status.code
                }
                #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            }
            #expect(try await PledgeRecord.query(on: app.db).filter(\.$offerID == offer).count() == 1)
            #expect(try await OfferRecord.find(offer, on: app.db)?.committed == line.quantity)
        }
    }

    @Test func plansAskedForAtOnceKeepThePersonsLimit() async throws {
        try await withAmityOnAFile { app async throws in
            let (_, _, taichung, _) = try await AidTests.offerAndNeed(app)
            try await PlanJobTests.job(app, by: taichung, status: .running, worker: "elsewhere")
            try await withSecondInstance(of: app) { second async throws in
                // No worker makes them, so what is accepted stays pending: one more than the running one.
                await app.planWorker.stop()
                await second.planWorker.stop()
                let statuses = try await Self.race(app, second) { instance, _ in
                    try await instance.api(.POST, "/api/v1/plans", as: taichung, json: #"{"cityId":1668399}"#).status.code
                }
                #expect(statuses.filter { $0 == 202 }.count == 1 && statuses.allSatisfy { $0 == 202 || $0 == 429 }, "\(statuses)")
            }
            #expect(try await PlanJobRecord.query(on: app.db).filter(\.$requestedBy == taichung.personID).count() == 2)
        }
    }

    @Test func theLastSeatGoesOnce() async throws {
        try await withAmityOnAFile { app async throws in
            let taichung = try await app.credentials(Demo.taichung), admin = try await app.credentials(Demo.admin)
            let event = try await app.api(.POST, "/api/v1/events", as: taichung, json: EventTests.workshop(capacity: 1, waitingList: false)).json(EventDTO.self)
            let cities = try await City.query(on: app.db).sort(\.$id).limit(Self.attempts).all(\.$id).compactMap { $0 }
            try #require(cities.count == Self.attempts)
            try await withSecondInstance(of: app) { second async throws in
                let statuses = try await Self.race(app, second) { instance, i in
                    try await instance.api(.POST, "/api/v1/events/\(event.id)/registrations", as: admin, json: #"{"cityId":\#(cities[i])}"#).status.code
                }
                #expect(statuses.filter { (200..<300).contains($0) }.count == 1, "\(statuses)")
            }
            #expect(try await RegistrationRecord.query(on: app.db).filter(\.$eventID == event.id).filter(\.$status == .registered).count() == 1)
        }
    }

    @Test func concurrentSignaturesKeepOneUnbrokenChain() async throws {
        try await withAmityOnAFile { app async throws in
            let taichung = try await app.credentials(Demo.taichung), admin = try await app.credentials(Demo.admin)
            let created = try await app.api(.POST, "/api/v1/statements", as: taichung,
                                            json: #"{"hostCityId":1668399,"title":"Solidarity","text":"We stand together."}"#).json(StatementDTO.self)
            try await app.api(.POST, "/api/v1/statements/\(created.id)/open", as: taichung, json: #"{"closesAt":"2099-01-01T00:00:00Z"}"#)
            let cities = try await City.query(on: app.db).sort(\.$id).limit(Self.attempts).all(\.$id).compactMap { $0 }
            try await withSecondInstance(of: app) { second async throws in
                let statuses = try await Self.race(app, second) { instance, i in
                    try await instance.api(.POST, "/api/v1/statements/\(created.id)/signatures", as: admin, json: #"{"cityId":\#(cities[i]),"title":"Mayor"}"#).status.code
                }
                #expect(statuses.allSatisfy { (200..<300).contains($0) }, "\(statuses)")
            }
            let export = try await app.api(.GET, "/api/v1/statements/\(created.id)/signatures.json").json(StatementExport.self)
            #expect(export.entries.count == Self.attempts)
            guard case .intact(let signatories, _) = SignatureChain.verify(export) else { Issue.record("the chain broke"); return }
            #expect(signatories == Self.attempts)
        }
    }
}
