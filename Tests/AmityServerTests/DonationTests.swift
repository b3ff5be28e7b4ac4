@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

private typealias Fixture = RationingFixture

/// Donating the rest of an entitlement into a pool (TW-21), and the pool offered on the aid board
/// as the programme's city: the loop between rationing and mutual aid.
@Suite struct DonationTests {
    @Test("TW-21") func aDonationIsQuotaGivenAndThePoolBecomesAnOffer() async throws {
        try await withAmity { app async throws in
            let taipei = LocalClock(zone: TimeZone(identifier: "Asia/Taipei")!)
            app.clock = WallClock { taipei.instant(of: CivilDay(year: 2020, month: 4, day: 28), minute: 600) }
            let made = try await Fixture.make(app, stock: 20, policies: Programmes2020.taiwan)
            let admin = try await app.credentials(Demo.admin)
            let token = try await Fixture.terminal(app, made)
            let bad = try await app.api(.POST, "\(made.path)/pools", as: admin, json: #"{"name":"","items":{"gold":"mask-surgical-adult","adult":"masks"}}"#)
            #expect(bad.status == .badRequest)
            #expect(Set(try bad.json(ProblemBody.self).errors?.map(\.field) ?? []) == ["name", "items.gold", "items.adult"], "\(bad.body.string)")
            let created = try await app.api(.POST, "\(made.path)/pools", as: admin,
                                            json: #"{"name":"Taiwan can help","items":{"adult":"mask-surgical-adult","child":"mask-surgical-child"}}"#)
            #expect(created.status == .created, "\(created.body.string)")
            let pool = try created.json(PoolDTO.self)
            // An adult who bought nothing this cycle gives the 9 adult masks of the cycle.
            let donation = #"{"donationId":"d-1","document":"A123456784","quota":"masks","poolId":\#(pool.id)}"#
            let given = try await app.terminalCall(.POST, "\(made.path)/donations", token: token, json: donation)
            #expect(given.status == .created, "\(given.body.string)")
            #expect(try given.json(DonationDTO.self).lines.map { "\($0.class)=\($0.quantity)" } == ["adult=9"])
            let again = try await app.terminalCall(.POST, "\(made.path)/donations", token: token, json: donation)
            #expect(again.status == .ok)
            // Then buying in the same cycle is refused: the entitlement was given.
            let sale = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: Fixture.sale("s-1", outlet: nil, cards: [("A123456784", [("adult", 1)])]))
            #expect(try sale.json(SaleDTO.self).reasons.map(\.code).contains(.limit))
            // Nothing is left to give twice, and a stock the donation never touched.
            let twice = try await app.terminalCall(.POST, "\(made.path)/donations", token: token,
                                                   json: #"{"donationId":"d-2","document":"A123456784","quota":"masks","poolId":\#(pool.id)}"#)
            #expect(twice.status == .conflict)
            #expect(try await Fixture.onHand(app, outlet: made.outlet) == 20)
            let second = try await app.terminalCall(.POST, "\(made.path)/donations", token: token,
                                                    json: #"{"donationId":"d-3","document":"A223456781","quota":"masks","poolId":\#(pool.id)}"#)
            #expect(second.status == .created)
            try await ReservationTests.expectSnapshotEqualsReplay(app, programme: made.programme)

            // Taichung's officers offer it on the board; New Taipei's may not.
            let stranger = try await app.credentials(Demo.newTaipei)
            #expect(try await app.api(.POST, "\(made.path)/pools/\(pool.id)/offer", as: stranger).status == .forbidden)
            let offered = try await app.api(.POST, "\(made.path)/pools/\(pool.id)/offer", as: try await app.credentials(Demo.taichung))
            #expect(offered.status == .created, "\(offered.body.string)")
            let offers = try offered.json([OfferDTO].self)
            #expect(offers.count == 1 && offers[0].item == "mask-surgical-adult" && offers[0].quantity == 18 && offers[0].city.id == Demo.taichungID)
            let board = try await OfferRecord.find(offers[0].id, on: app.db)
            #expect(board?.note?.contains("Given by 2 people") == true)
            // An offered pool is closed.
            let late = try await app.terminalCall(.POST, "\(made.path)/donations", token: token,
                                                  json: #"{"donationId":"d-4","document":"C123456780","quota":"masks","poolId":\#(pool.id)}"#)
            #expect(late.status == .conflict)
            #expect(try await app.api(.GET, "\(made.path)/pools").json([PoolDTO].self).first?.offers == [offers[0].id])
        }
    }
}
