@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct AssemblyTests {
    @Test func amendmentsAreVotedFirstAndResultsArePublicOnlyOnceTheVoteCloses() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin), taichung = try await app.credentials(Demo.taichung)
            let newTaipei = try await app.credentials(Demo.newTaipei)
            let assembly = try await AuthorizationMatrixTests.assembly(app) // Taichung joins Amsterdam, Barcelona, Paris and Milan
            // A non-member cannot propose, amend or vote.
            try await app.api(.POST, "/api/v1/assemblies/\(assembly)/motions", as: newTaipei, json: #"{"cityId":12908892,"title":"T","text":"x"}"#) { res async throws in
                #expect(res.status == .badRequest)
                #expect(try res.json(ProblemBody.self).errors?.map(\.field) == ["cityId"])
            }
            let motion = try await app.api(.POST, "/api/v1/assemblies/\(assembly)/motions", as: taichung,
                                           json: #"{"cityId":1668399,"title":"Medicine crosses borders","text":"Member cities ask that medical supplies never be held at borders."}"#).json(MotionDTO.self)
            let amendment = try await app.api(.POST, "/api/v1/assemblies/\(assembly)/motions", as: admin,
                                              json: #"{"cityId":3173435,"title":"Add: and protective equipment","text":"… medical supplies and protective equipment …","amendsId":\#(motion.id)}"#).json(MotionDTO.self)
            _ = try await app.api(.POST, "/api/v1/motions/\(motion.id)/comments", as: taichung, json: #"{"cityId":1668399,"body":"Taichung could not send masks in 2020."}"#)
            // Amendments first: the motion's vote cannot open while its amendment's has not closed.
            try await app.api(.POST, "/api/v1/motions/\(motion.id)/vote/open", as: admin, json: #"{"closesAt":"2099-01-01T00:00:00Z"}"#) { res async throws in
                #expect(res.status == .conflict && res.body.string.contains("Amendments are voted first"))
            }
            try await app.api(.POST, "/api/v1/motions/\(amendment.id)/vote/open", as: taichung, json: #"{"closesAt":"2099-01-01T00:00:00Z"}"#) { res async throws in
                #expect(res.status == .forbidden)
            }
            let t0 = Date()
            app.clock = WallClock { t0 }
            try await app.api(.POST, "/api/v1/motions/\(amendment.id)/vote/open", as: admin, json: #"{"closesAt":"\#(ISO8601DateFormatter().string(from: t0.addingTimeInterval(3_600)))"}"#) { res async throws in
                #expect(res.status == .ok, "\(res.body.string)")
            }
            try await app.api(.POST, "/api/v1/motions/\(motion.id)/votes", as: taichung, json: #"{"cityId":1668399,"choice":"yes"}"#) { res async throws in
                #expect(res.status == .conflict) // the motion itself is not open yet
            }
            let voted = try await app.api(.POST, "/api/v1/motions/\(amendment.id)/votes", as: taichung, json: #"{"cityId":1668399,"choice":"yes"}"#).json(MotionDTO.self)
            #expect(voted.votesCast == 1 && voted.result == nil && voted.votes == nil, "secret while the vote runs")
            try await app.api(.POST, "/api/v1/motions/\(amendment.id)/votes", as: taichung, json: #"{"cityId":1668399,"choice":"no"}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            try await app.api(.POST, "/api/v1/motions/\(amendment.id)/votes", as: newTaipei, json: #"{"cityId":12908892,"choice":"no"}"#) { res async throws in
                #expect(res.status == .badRequest)
            }
            for (city, choice) in [(3173435, "yes"), (2759794, "abstain")] {
                _ = try await app.api(.POST, "/api/v1/motions/\(amendment.id)/votes", as: admin, json: #"{"cityId":\#(city),"choice":"\#(choice)"}"#)
            }
            // The window closes: the result and each city's vote are public; no more votes or debate.
            app.clock = WallClock { t0.addingTimeInterval(7_200) }
            let closed = try await app.api(.GET, "/api/v1/motions/\(amendment.id)").json(MotionDTO.self)
            #expect(closed.stage == .closed && closed.result?.outcome == .adopted && closed.result?.yes == 2 && closed.result?.abstain == 1)
            #expect(closed.result?.members == 5 && closed.result?.quorumMet == true && closed.votes?.count == 3)
            try await app.api(.POST, "/api/v1/motions/\(amendment.id)/votes", as: admin, json: #"{"cityId":2988507,"choice":"no"}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            // Now the motion's vote may open; two of five vote, short of the 50 % quorum.
            _ = try await app.api(.POST, "/api/v1/motions/\(motion.id)/vote/open", as: admin,
                                  json: #"{"closesAt":"\#(ISO8601DateFormatter().string(from: t0.addingTimeInterval(10_800)))"}"#)
            for city in [1668399, 3173435] {
                _ = try await app.api(.POST, "/api/v1/motions/\(motion.id)/votes", as: admin, json: #"{"cityId":\#(city),"choice":"yes"}"#)
            }
            app.clock = WallClock { t0.addingTimeInterval(14_400) }
            #expect(try await app.api(.GET, "/api/v1/motions/\(motion.id)").json(MotionDTO.self).result?.outcome == .noQuorum)
            let page = try await app.page("/motions/\(motion.id)").body.string
            #expect(page.contains("no-quorum") && page.contains("Taichung could not send masks in 2020."))
            #expect(try await app.page("/assemblies/\(assembly)").body.string.contains("Medicine crosses borders"))
            #expect(try await app.page("/assemblies").status == .ok)
        }
    }

    @Test func aSecretariatConvenesAnAssemblyAdmitsCitiesAndHoldsSittings() async throws {
        try await withAmity { app async throws in
            let citynet = try await app.credentials(Demo.citynet), taichung = try await app.credentials(Demo.taichung)
            try await app.api(.POST, "/api/v1/assemblies", as: citynet, json: #"{"networkId":"citynet","name":"","quorumPercent":0,"majority":"most","memberCityIds":[1]}"#) { res async throws in
                #expect(Set(try res.json(ProblemBody.self).errors?.map(\.field) ?? []) == ["name", "quorumPercent", "majority", "memberCityIds"])
            }
            let assembly = try await app.api(.POST, "/api/v1/assemblies", as: citynet,
                                             json: #"{"networkId":"citynet","name":"CityNet Council","quorumPercent":60,"majority":"two-thirds","memberCityIds":[1668399,1668341]}"#).json(AssemblyDTO.self)
            #expect(assembly.members.map(\.id).sorted() == [1_668_341, 1_668_399] && assembly.majority == "two-thirds")
            let admitted = try await app.api(.POST, "/api/v1/assemblies/\(assembly.id)/members", as: citynet, json: #"{"cityId":1673820}"#).json(AssemblyDTO.self)
            #expect(admitted.members.count == 3)
            try await app.api(.POST, "/api/v1/assemblies/\(assembly.id)/members", as: citynet, json: #"{"cityId":1673820}"#) { res async throws in #expect(res.status == .conflict) }
            // A sitting is an event of the convening network; Taichung (a city host) cannot make one.
            let sitting = #"{"hostNetworkId":"citynet","assemblyId":\#(assembly.id),"kind":"mayoral-meeting","title":"First sitting","description":"","startsAt":"2099-01-10T10:00","endsAt":"2099-01-10T12:00","timeZone":"Asia/Seoul"}"#
            try await app.api(.POST, "/api/v1/events", as: taichung, json: sitting.replacingOccurrences(of: #""hostNetworkId":"citynet""#, with: #""hostCityId":1668399"#)) { res async throws in
                #expect(try res.json(ProblemBody.self).errors?.map(\.field) == ["assemblyId"])
            }
            let event = try await app.api(.POST, "/api/v1/events", as: citynet, json: sitting).json(EventDTO.self)
            #expect(event.assemblyId == assembly.id)
            #expect(try await app.api(.GET, "/api/v1/assemblies/\(assembly.id)").json(AssemblyDTO.self).sittings.map(\.id) == [event.id])
            #expect(try await app.page("/assemblies/\(assembly.id)", as: citynet).body.string.contains("First sitting"))
        }
    }

    @Test func concurrentVotesOfOneCityCountOnce() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin)
            let motion = try await AuthorizationMatrixTests.motion(app, voting: true)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await app.api(.POST, "/api/v1/motions/\(motion)/votes", as: admin, json: #"{"cityId":1668399,"choice":"yes"}"#).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1 && statuses.filter { $0 == 409 }.count == 5, "\(statuses)")
            #expect(try await VoteRecord.query(on: app.db).filter(\.$motionID == motion).count() == 1)
        }
    }
}
