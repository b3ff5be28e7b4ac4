@testable import AmityServer
import AmityCore
import Foundation
import SQLKit
import Testing
import VaporTesting

/// The gazetteer held in memory answers exactly as the database does, and follows imports.
@Suite struct GazetteerCacheTests {
    @Test func memoryAndDatabaseGiveTheSameCities() async throws {
        try await withAmity { app async throws in
            try await app.gazetteerCache.refresh(database: app.db)
            let snapshot = try #require(app.gazetteerCache.snapshot)
            let database = Gazetteer(database: app.db), memory = Gazetteer(database: app.db, snapshot: snapshot)
            // Every one- and two-character prefix of every name in the sample, in every script.
            let keys = try await app.db.sql.select().column("key").from(CityName.schema).all().map { try $0.decode(column: "key", as: String.self) }
            let prefixes = Set(keys.flatMap { key in [String(key.prefix(1)), String(key.prefix(2))] }).sorted()
            #expect(prefixes.count > 100)
            for prefix in prefixes + [nil] {
                for country in [nil, try CountryCode("CN"), try CountryCode("TW")] as [CountryCode?] {
                    var cursor: String?
                    repeat {
                        let page = try Paging(limit: 4, cursor: cursor, shape: Gazetteer.cursorShape)
                        let a = try await database.search(name: prefix, country: country, page: page)
                        let b = try await memory.search(name: prefix, country: country, page: page)
                        #expect(a.map(\.id) == b.map(\.id), "\(prefix ?? "-") \(country?.rawValue ?? "-")")
                        cursor = a.count > 4 ? Cursor(key: Gazetteer.cursorKey(a[3])).token : nil
                    } while cursor != nil
                }
            }
            for (latitude, longitude) in [(24.6, 121.85), (0, -179.9), (89, 10), (-45, 170), (51.5, 0), (35.7, 139.7)] {
                let point = try Coordinate(latitude: latitude, longitude: longitude)
                for limit in [1, 6, 30] {
                    let a = try await database.nearest(to: point, limit: limit), b = try await memory.nearest(to: point, limit: limit)
                    #expect(a.map(\.city.id) == b.map(\.city.id), "\(point) \(limit)")
                }
            }
            let ids = Array(snapshot.cities.keys.prefix(20))
            #expect(try await database.displayNames(cityIDs: ids) == memory.displayNames(cityIDs: ids))
            #expect(Set(try await database.cities(ids: ids).map(\.id)) == Set(try await memory.cities(ids: ids).map(\.id)))
        }
    }

    @Test func anotherInstancesImportIsPickedUpAtTheNextRefresh() async throws {
        try await withAmityOnAFile { app async throws in
            try await app.gazetteerCache.refresh(database: app.db)
            let before = try #require(app.gazetteerCache.snapshot)
            try await withSecondInstance(of: app) { second async throws in
                var text = try GazetteerImport.read(path: packageRoot + "Tests/Fixtures/gazetteer-sample.tsv")
                text += "city\t999000001\t\tAmityville\tTW\t\t24.5\t121.8\t5000000\tAsia/Taipei\nname\t999000001\tzh-Hant\t友好市\t1\n"
                _ = try await GazetteerImport(database: second.db).run(text: text)
            }
            // Until the next look at the revision the old snapshot answers; then the new city is there.
            #expect(app.gazetteerCache.snapshot?.revision == before.revision)
            try await app.gazetteerCache.refresh(database: app.db)
            #expect(try #require(app.gazetteerCache.snapshot).revision > before.revision)
            for query in ["amityv", "友好"] {
                try await app.testing().test(.GET, "/api/v1/cities?q=\(encoded(query))") { res async throws in
                    #expect(try res.json(CitySearchTests.Cities.self).items.first?.id == 999_000_001, "\(query)")
                }
            }
            try await app.testing().test(.GET, "/api/v1/cities/nearest?lat=24.5&lon=121.8&limit=1") { res async throws in
                #expect(try res.json([CitySearchTests.Cities.City].self).first?.id == 999_000_001)
            }
            try await app.testing().test(.GET, "/cities/999000001") { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Amityville"))
            }
        }
    }

    @Test func theAPIGivesTheSameJSONFromMemoryAsFromTheDatabase() async throws {
        try await withAmity { app async throws in
            let paths = ["/api/v1/cities?q=t&limit=3", "/api/v1/cities?q=%E8%87%BA", "/api/v1/cities?country=TW&limit=5",
                         "/api/v1/cities?q=s&country=CN&limit=2", "/api/v1/cities?q=zzzz", "/api/v1/cities?limit=100"]
            func answers() async throws -> [NSDictionary] {
                var all: [NSDictionary] = []
                for path in paths {
                    var next: String? = path
                    while let current = next {
                        try await app.testing().test(.GET, current) { res async throws in
                            #expect(res.status == .ok)
                            #expect(res.headers.contentType == .json)
                            let object = try #require(try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? NSDictionary)
                            all.append(object)
                            next = (object["nextCursor"] as? String).map { path + "&cursor=" + $0 }
                        }
                    }
                }
                return all
            }
            let fromDatabase = try await answers()
            try await app.gazetteerCache.refresh(database: app.db)
            let fromMemory = try await answers()
            #expect(fromDatabase.count > paths.count, "some answers have further pages")
            #expect(fromMemory == fromDatabase)
        }
    }

    @Test(arguments: [("臺中市", 1_668_399), ("타이중", 1_668_399), ("wagga-wagga", 2_145_110), ("蘇澳", 900_000_001)])
    func theAPISearchesFromMemoryOnceLoaded(_ query: String, _ id: Int) async throws {
        try await withAmity { app async throws in
            try await app.gazetteerCache.refresh(database: app.db)
            try await app.testing().test(.GET, "/api/v1/cities?q=\(encoded(query))&limit=2") { res async throws in
                #expect(try res.json(CitySearchTests.Cities.self).items.first?.id == id)
            }
            try await app.testing().test(.GET, "/api/v1/cities?q=%20-%20") { res async throws in
                #expect(res.status == .badRequest)
            }
        }
    }
}
