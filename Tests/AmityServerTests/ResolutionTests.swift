@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct ResolutionTests {
    @Test func aCouncilResolutionIsRecordedAndEndorsedByOtherCities() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung), newTaipei = try await app.credentials(Demo.newTaipei)
            let before = try await ResolutionRecord.query(on: app.db).count()
            try await app.api(.POST, "/api/v1/resolutions", as: taichung,
                              json: #"{"cityId":1668399,"body":"","title":"","adoptedOn":"2999-01-01","summary":"x","link":"javascript:alert(1)"}"#) { res async throws in
                #expect(res.status == .badRequest)
                #expect(Set(try res.json(ProblemBody.self).errors?.map(\.field) ?? []) == ["body", "title", "adoptedOn", "link"])
            }
            #expect(try await ResolutionRecord.query(on: app.db).count() == before)
            let resolution = try await app.api(.POST, "/api/v1/resolutions", as: taichung,
                json: #"{"cityId":1668399,"body":"City Council","title":"Thanks to the cities that helped","adoptedOn":"2020-05-20","summary":"The council thanks its partners.","tags":["Solidarity"]}"#)
                .json(ResolutionDTO.self)
            #expect(resolution.adoptedOn == "2020-05-20" && resolution.tags == ["solidarity"] && resolution.endorsements.isEmpty)
            try await app.api(.POST, "/api/v1/resolutions/\(resolution.id)/endorsements", as: taichung, json: #"{"cityId":1668399}"#) { res async throws in
                #expect(res.status == .badRequest)
            }
            try await app.api(.POST, "/api/v1/resolutions/\(resolution.id)/endorsements", as: newTaipei, json: #"{"cityId":1668399}"#) { res async throws in
                #expect(res.status == .forbidden, "New Taipei cannot act for Taichung, whatever else is wrong")
            }
            try await app.api(.POST, "/api/v1/resolutions/\(resolution.id)/endorsements", as: taichung, json: #"{"cityId":12908892}"#) { res async throws in
                #expect(res.status == .forbidden)
            }
            let endorsed = try await app.api(.POST, "/api/v1/resolutions/\(resolution.id)/endorsements", as: newTaipei, json: #"{"cityId":12908892}"#).json(ResolutionDTO.self)
            #expect(endorsed.endorsements.map(\.city.name) == ["New Taipei City"])
            try await app.api(.POST, "/api/v1/resolutions/\(resolution.id)/endorsements", as: newTaipei, json: #"{"cityId":12908892}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            try await app.api(.GET, "/api/v1/live/entries?topic=city:1668399&limit=1") { res async throws in
                #expect(try res.json(CursorPage<LiveEntryDTO>.self).items.first?.kind == "resolution")
            }
        }
    }

    @Test func sanAntoniosResolutionIsOnRecordAndItsPagesWork() async throws {
        try await withAmity { app async throws in
            let all = try await app.api(.GET, "/api/v1/resolutions").json(CursorPage<ResolutionDTO>.self).items
            let sanAntonio = try #require(all.first { $0.city.id == 4_726_206 })
            #expect(sanAntonio.title == "COVID-19 Anti-Hate Resolution" && sanAntonio.adoptedOn == "2020-05-07")
            #expect(try await app.page("/resolutions").body.string.contains("COVID-19 Anti-Hate Resolution"))
            let taichung = try await app.credentials(Demo.taichung)
            let page = try await app.page("/resolutions/\(sanAntonio.id)", as: taichung).body.string
            #expect(page.contains("Endorse for my city"))
            try await app.form("/resolutions/\(sanAntonio.id)/endorsements", as: taichung, fields: ["cityId": "1668399"]) { res async throws in
                #expect(res.status == .seeOther)
            }
            #expect(try await app.page("/resolutions/\(sanAntonio.id)").body.string.contains("Taichung"))
        }
    }
}
