@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The outlet finder on the demo's programmes: by district, nearest to a typed place, with what a
/// walk-in can get now, a map, and a clear message beside the field for a place not found.
@Suite struct OutletFinderTests {
    @Test func theFinderListsOutletsByDistrictAndNearestFirst() async throws {
        try await withAmity { app async throws in
            let taiwan = try await RationingFeedTests.programme(app, country: "TW")
            let path = "/rationing/\(try taiwan.requireID())/outlets"
            let index = try await app.api(.GET, path)
            #expect(index.status == .ok)
            for district in ["臺北市", "新北市", "臺中市", "高雄市"] { #expect(index.body.string.contains(">\(district)</a> · 6/6"), "\(district)") }
            #expect(!index.body.string.contains("虛擬"), "the test outlet is in no finder")
            let district = try await app.api(.GET, "\(path)?district=%E8%87%BA%E4%B8%AD%E5%B8%82")
            #expect(district.body.string.components(separatedBy: "<li><strong>").count - 1 == 6)
            #expect(district.body.string.contains("<svg") && district.body.string.contains("臺中市示範藥局 1"))
            // Nearest first from a point in Taichung: its six sample pharmacies before any other city's.
            let near = try await app.api(.GET, "\(path)?place=24.15,%20120.67")
            let names = near.body.string.components(separatedBy: "<li><strong>").dropFirst().map { String($0.prefix { $0 != "<" }) }
            #expect(names.count == OutletFinderPages.nearest || names.count == 24)
            #expect(names.prefix(6).allSatisfy { $0.hasPrefix("臺中市") } && names.first == "臺中市示範藥局 1 (sample pharmacy)", "\(names.prefix(7))")
            #expect(near.body.string.contains(" km"))
            // The start of an address works as a place; a place nobody knows is said beside the field.
            let byAddress = try await app.api(.GET, "\(path)?place=%E9%AB%98%E9%9B%84%E5%B8%82")
            #expect(byAddress.body.string.components(separatedBy: "<li><strong>").dropFirst().first?.hasPrefix("高雄市") == true)
            let unknown = try await app.api(.GET, "\(path)?place=Atlantis%20Under%20The%20Sea")
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("place-error") && unknown.body.string.contains("Atlantis"))
            let korea = try await RationingFeedTests.programme(app, country: "KR")
            #expect(try await app.api(.GET, "/rationing/\(try korea.requireID())/outlets?district=%EC%84%9C%EC%9A%B8%ED%8A%B9%EB%B3%84%EC%8B%9C").status == .ok)
        }
    }
}
