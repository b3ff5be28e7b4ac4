@testable import AmityServer
import Testing
import VaporTesting

@Suite struct DirectoryAPITests {
    struct Items<T: Decodable>: Decodable { var items: [T]; var nextCursor: String? }
    struct Country: Decodable { var code: String; var iso3: String; var name: String; var names: [String: String] }
    struct Detail: Decodable {
        var city: City; var countryName: String; var alternateNames: [Alt]
        struct City: Decodable { var id: Int; var name: String; var timeZone: String?; var geonamesId: Int? }
        struct Alt: Decodable { var name: String; var language: String? }
    }
    struct Network: Decodable { var id: String; var shortName: String; var kind: String; var memberCount: Int; var secretariatCity: Ref? }
    struct Ref: Decodable { var id: Int; var name: String; var names: [String: String]; var country: String }
    struct Membership: Decodable { var network: NetworkRef; var city: Ref; var role: String; var since: String?; struct NetworkRef: Decodable { var id: String } }
    struct Partnership: Decodable {
        var id: Int; var kind: String; var status: String; var signedOn: String?; var cities: [Ref]; var history: [Event]
        struct Event: Decodable { var kind: String; var on: String?; var source: String? }
    }

    @Test func countries() async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/api/v1/countries?limit=3") { res async throws in
                let page = try res.json(Items<Country>.self)
                #expect(page.items.map(\.code) == page.items.map(\.code).sorted())
                #expect(page.nextCursor != nil)
            }
            try await app.testing().test(.GET, "/api/v1/countries/tw") { res async throws in
                let tw = try res.json(Country.self)
                #expect(tw.iso3 == "TWN" && tw.names["zh-Hant"] == "台灣")
            }
            try await app.testing().test(.GET, "/api/v1/countries/XX") { res async throws in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/countries/Taiwan") { res async throws in #expect(res.status == .notFound) }
        }
    }

    @Test func oneCityWithAllItsNames() async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/api/v1/cities/1668399") { res async throws in
                let detail = try res.json(Detail.self)
                #expect(detail.city.name == "Taichung" && detail.countryName == "Taiwan" && detail.city.timeZone == "Asia/Taipei")
                #expect(detail.alternateNames.contains { $0.name == "タイチュウ" && $0.language == "ja" })
                #expect(detail.alternateNames.contains { $0.name == "臺中市" && $0.language == "zh-Hant" })
            }
            try await app.testing().test(.GET, "/api/v1/cities/900000001") { res async throws in
                #expect(try res.json(Detail.self).city.geonamesId == nil)
            }
            for path in ["/api/v1/cities/1", "/api/v1/cities/abc", "/api/v1/cities/1/networks", "/api/v1/cities/1/partners"] {
                try await app.testing().test(.GET, path) { res async throws in
                    #expect(res.status == .notFound, "\(path)")
                    #expect(try res.json(ProblemBody.self).type == "/problems/not-found")
                }
            }
        }
    }

    @Test func networksAndTheirMembers() async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/api/v1/networks?limit=100") { res async throws in
                let networks = try res.json(Items<Network>.self).items
                #expect(Set(networks.map(\.id)).isSuperset(of: ["c40", "metropolis", "uclg", "citynet", "eurocities", "gpm", "sci", "u20"]))
                #expect(networks.first { $0.id == "citynet" }?.memberCount == 10)
            }
            try await app.testing().test(.GET, "/api/v1/networks?kind=regional") { res async throws in
                #expect(try res.json(Items<Network>.self).items.map(\.id).sorted() == ["citynet", "eurocities"])
            }
            try await app.testing().test(.GET, "/api/v1/networks/citynet") { res async throws in
                #expect(try res.json(Network.self).secretariatCity?.name == "Seoul")
            }
            var members: [Membership] = []
            var cursor: String?
            repeat {
                try await app.testing().test(.GET, "/api/v1/networks/citynet/members?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")) { res async throws in
                    let page = try res.json(Items<Membership>.self)
                    members += page.items
                    cursor = page.nextCursor
                }
            } while cursor != nil
            #expect(Set(members.map(\.city.name)) == ["Taipei", "Taoyuan", "Taichung", "Kaohsiung", "Nanchang", "Shanghai", "Nanjing", "Wuhan", "Yokohama", "Seoul"])
            try await app.testing().test(.GET, "/api/v1/networks/nope") { res async throws in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/networks/nope/members") { res async throws in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/cities/5368361/networks") { res async throws in
                let networks = try res.json(Items<Membership>.self).items
                #expect(networks.first { $0.network.id == "c40" }?.role == "chair")
            }
        }
    }

    @Test func partnershipsWithTheirHistory() async throws {
        try await withAmity { app async throws in
            var wagga: Partnership?
            try await app.testing().test(.GET, "/api/v1/cities/2145110/partners") { res async throws in
                let items = try res.json(Items<Partnership>.self).items
                #expect(items.count == 1)
                wagga = items.first
            }
            let partnership = try #require(wagga)
            #expect(partnership.status == "active" && partnership.signedOn == "1988")
            #expect(partnership.history.map(\.kind) == ["signed", "severed", "restored"])
            #expect(partnership.history.map(\.on) == ["1988", "2020-04-14", "2020-04-22"])
            #expect(Set(partnership.cities.map(\.name)) == ["Wagga Wagga", "Kunming"])
            try await app.testing().test(.GET, "/api/v1/partnerships/\(partnership.id)") { res async throws in
                #expect(try res.json(Partnership.self).id == partnership.id)
            }
            try await app.testing().test(.GET, "/api/v1/partnerships?city=1795565") { res async throws in
                let partners = try res.json(Items<Partnership>.self).items.flatMap(\.cities).map(\.name).filter { $0 != "Shenzhen" }
                #expect(Set(partners) == ["Houston", "Brisbane"])
            }
            try await app.testing().test(.GET, "/api/v1/partnerships?status=severed") { res async throws in
                #expect(try res.json(Items<Partnership>.self).items.isEmpty)
            }
            try await app.testing().test(.GET, "/api/v1/partnerships?kind=sister-city&limit=100") { res async throws in
                let items = try res.json(Items<Partnership>.self).items
                #expect(items.count == 10)
                let pairs = Set(items.map { Set($0.cities.map(\.name)) })
                #expect(pairs.isSuperset(of: [["New Taipei City", "Cincinnati"], ["Yilan", "Rockville"], ["Suao", "Ishigaki"], ["Taizhou", "Fort Wayne"]]))
            }
            try await app.testing().test(.GET, "/api/v1/partnerships/999") { res async throws in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/partnerships?city=999") { res async throws in #expect(res.status == .notFound) }
        }
    }

    @Test func operations() async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/healthz") { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(#""database":"ok""#))
            }
            try await app.testing().test(.GET, "/api/v1/cities?q=tai")
            // L8: metrics are the operator's: from this machine, or with the configured token.
            try await app.testing().test(.GET, "/metrics") { res async throws in #expect(res.status == .forbidden) }
            app.amity.metricsToken = "scrape-secret"
            try await app.testing().test(.GET, "/metrics") { res async throws in #expect(res.status == .unauthorized) }
            try await app.testing().test(.GET, "/metrics", headers: ["Authorization": "Bearer scrape-secret"]) { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(#"amity_http_requests_total{method="GET",route="/api/v1/cities",status="200"} 1"#))
                #expect(res.body.string.contains("amity_http_request_duration_seconds_bucket"))
                #expect(res.body.string.contains("amity_http_requests_in_flight 1"), "the scrape itself is being answered")
            }
            try await app.testing().test(.GET, "/api/v1") { res async throws in
                #expect(res.status == .ok && res.body.string.contains("/openapi.json"))
            }
            try await app.testing().test(.GET, "/api/v1/nothing-here") { res async throws in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            }
            // Each kind of answer keeps counting in its instruments; a route is named by its pattern.
            try await app.testing().test(.GET, "/api/v1/cities?q=tai")
            try await app.testing().test(.GET, "//api/v1/cities/?q=tai")
            try await app.testing().test(.GET, "/api/v1/rationing/programmes/999999") { res async throws in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/metrics", headers: ["Authorization": "Bearer scrape-secret"]) { res async throws in
                let scrape = res.body.string
                #expect(scrape.contains(#"amity_http_requests_total{method="GET",route="/api/v1/cities",status="200"} 3"#))
                #expect(scrape.contains(#"amity_http_requests_total{method="GET",route="/api/v1/rationing/programmes/:programme",status="404"} 1"#))
                #expect(scrape.contains(#"amity_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
            }
        }
    }
}
