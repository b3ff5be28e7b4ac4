@testable import AmityServer
import AmityCore
import Testing
import VaporTesting

@Suite struct CitySearchTests {
    struct Cities: Decodable {
        var items: [City]
        var nextCursor: String?
        struct City: Decodable { var id: Int; var name: String; var country: String; var population: Int; var names: [String: String]; var distanceKm: Double? }
    }

    @Test(arguments: [
        ("Taichung", 1_668_399), ("taichung", 1_668_399), ("臺中市", 1_668_399), ("台中", 1_668_399), ("タイチュウ", 1_668_399),
        ("타이중", 1_668_399), ("poznan", 3_088_171), ("POZNAŃ", 3_088_171), ("xian", 1_790_630), ("Xi'an", 1_790_630),
        ("蘇澳", 900_000_001), ("suao", 900_000_001), ("wagga-wagga", 2_145_110), ("新北", 12_908_892), ("Ulaanbaatar", 2_028_462),
    ])
    func findsACityByAnyOfItsNames(_ query: String, _ id: Int) async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/api/v1/cities?q=\(encoded(query))") { res async throws in
                #expect(res.status == .ok)
                let ids = try res.json(Cities.self).items.map(\.id)
                #expect(ids.first == id, "\(query) found \(ids)")
            }
        }
    }

    @Test func filtersByCountryAndKeepsTheLargestFirst() async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/api/v1/cities?country=tw&limit=100") { res async throws in
                let cities = try res.json(Cities.self).items
                #expect(cities.allSatisfy { $0.country == "TW" })
                #expect(cities.map(\.population) == cities.map(\.population).sorted(by: >))
                #expect(cities.first?.name == "Taipei")
                #expect(cities.contains { $0.id == 900_000_001 })
            }
            try await app.testing().test(.GET, "/api/v1/cities?q=taipei&country=TW") { res async throws in
                #expect(try res.json(Cities.self).items.map(\.id) == [1_668_341])
            }
        }
    }

    @Test func pagesThroughEveryCityOnceByCursor() async throws {
        try await withAmity { app async throws in
            var all: [Cities.City] = []
            try await app.testing().test(.GET, "/api/v1/cities?limit=100") { res async throws in all = try res.json(Cities.self).items }
            var seen: [Int] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/cities?limit=7" + (cursor.map { "&cursor=\($0)" } ?? "")
                try await app.testing().test(.GET, path) { res async throws in
                    let page = try res.json(Cities.self)
                    #expect(page.items.count <= 7)
                    seen += page.items.map(\.id)
                    cursor = page.nextCursor
                }
            } while cursor != nil
            #expect(seen == all.map(\.id))
            #expect(Set(seen).count == seen.count)
            #expect(seen.count > 40)
        }
    }

    @Test(arguments: ["t", "ta", "s", "臺", "new", "x"])
    func bothSearchPlansGiveTheSameRows(_ prefix: String) async throws {
        try await withAmity { app async throws in
            for country in [nil, try CountryCode("CN")] as [CountryCode?] {
                var rare = Gazetteer(database: app.db), common = Gazetteer(database: app.db)
                rare.commonPrefixNames = 1_000_000
                common.commonPrefixNames = 1
                var cursor: String?, rows = 0
                repeat {
                    let page = try Paging(limit: 3, cursor: cursor, shape: Gazetteer.cursorShape)
                    let a = try await rare.search(name: prefix, country: country, page: page)
                    let b = try await common.search(name: prefix, country: country, page: page)
                    #expect(a.map(\.id) == b.map(\.id), "\(prefix) \(String(describing: country))")
                    rows += a.count
                    cursor = a.count > 3 ? Cursor(key: Gazetteer.cursorKey(a[2])).token : nil
                } while cursor != nil
                // Agreeing on nothing proves nothing: every prefix finds cities somewhere in the sample.
                if country == nil { #expect(rows > 0, "\(prefix) finds no city") }
            }
        }
    }

    @Test func namesInTheReadersLanguageComeWithEachCity() async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/api/v1/cities?q=taichung") { res async throws in
                let city = try #require(try res.json(Cities.self).items.first)
                #expect(city.names["zh-Hant"] == "臺中市")
                #expect(city.names["zh-Hans"] == "台中市")
            }
        }
    }

    @Test func nearestCitiesComeNearestFirst() async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, "/api/v1/cities/nearest?lat=24.6&lon=121.85&limit=3") { res async throws in
                #expect(res.status == .ok)
                let cities = try res.json([Cities.City].self)
                #expect(cities.map(\.id) == [900_000_001, 1_674_199, 1_668_341])
                #expect(cities.compactMap(\.distanceKm) == cities.compactMap(\.distanceKm).sorted())
            }
            // The middle of the Pacific still finds cities, across the antimeridian.
            try await app.testing().test(.GET, "/api/v1/cities/nearest?lat=0&lon=-179.9&limit=1") { res async throws in
                #expect(try res.json([Cities.City].self).count == 1)
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/cities?cursor=zzz", "cursor"), ("/api/v1/cities?limit=0", "limit"), ("/api/v1/cities?limit=abc", "limit"),
        ("/api/v1/cities?limit=101", "limit"), ("/api/v1/cities?country=Taiwan", "country"), ("/api/v1/cities?q=%20-%20", "q"),
        ("/api/v1/cities/nearest?lat=91&lon=0", "lat"), ("/api/v1/cities/nearest?lat=0&lon=181", "lon"),
        ("/api/v1/cities/nearest?lat=10", "lon"), ("/api/v1/cities/nearest?lat=x&lon=1", "lat"),
        ("/api/v1/cities/nearest?lat=1&lon=1&limit=500", "limit"),
        ("/api/v1/partnerships?status=broken", "status"), ("/api/v1/partnerships?kind=twins", "kind"),
        ("/api/v1/networks?kind=local", "kind"), ("/api/v1/partnerships?cursor=WyJhIl0", "cursor"),
    ])
    func badInputIsAClearProblem(_ path: String, _ field: String) async throws {
        try await withAmity { app async throws in
            try await app.testing().test(.GET, path) { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                let problem = try res.json(ProblemBody.self)
                #expect(problem.status == 400)
                #expect(problem.errors?.first?.field == field, "\(path): \(res.body.string)")
            }
        }
    }
}
