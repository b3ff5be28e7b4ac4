@testable import AmityCore
import Testing

/// The index against a plain scan of the same cities, on random gazetteers with ties in
/// population, names shared between cities, several scripts, poles and the antimeridian.
@Suite struct CityIndexTests {
    struct Gazetteer {
        var cities: [CityIndex.City] = []
        var names: [(cityID: Int, key: String)] = []
    }

    static func random(seed: UInt64, count: Int) -> Gazetteer {
        var rng = SplitMix64(state: seed)
        let syllables = ["ta", "tai", "s", "sa", "new", "中", "臺中", "タイ", "타이", "é", "x", "shen", "zhen", "a b"]
        var gazetteer = Gazetteer()
        for id in 1...count {
            let latitude = Double(rng.next(upperBound: UInt64(18_001))) / 100 - 90
            let longitude = Double(rng.next(upperBound: UInt64(36_001))) / 100 - 180
            gazetteer.cities.append(.init(id: id * 7 % 1_000_003, population: Int(rng.next(upperBound: UInt64(50))) * 1_000,
                                          countryCode: ["TW", "CN", "US", "JP"][Int(rng.next(upperBound: UInt64(4)))],
                                          coordinate: rng.next(upperBound: UInt64(20)) == 0 ? nil : try! Coordinate(latitude: latitude, longitude: longitude)))
            for _ in 0..<(1 + Int(rng.next(upperBound: UInt64(4)))) {
                let key = (0..<(1 + Int(rng.next(upperBound: UInt64(3))))).map { _ in syllables[Int(rng.next(upperBound: UInt64(syllables.count)))] }.joined()
                gazetteer.names.append((id * 7 % 1_000_003, key))
            }
        }
        return gazetteer
    }

    /// What the database's query gives: cities with a key starting with the prefix, largest first.
    static func scan(_ g: Gazetteer, prefix: String, country: String?, after cursor: (Int, Int)?, limit: Int) -> [Int] {
        let matching = Set(g.names.filter { Array($0.key.utf8).starts(with: Array(prefix.utf8)) }.map(\.cityID))
        return g.cities
            .filter { (prefix.isEmpty || matching.contains($0.id)) && (country == nil || $0.countryCode == country) }
            .filter { city in cursor.map { (city.population, city.id) < $0 } ?? true }
            .sorted { ($0.population, $0.id) > ($1.population, $1.id) }
            .prefix(limit).map(\.id)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func searchAgreesWithAScan(_ seed: UInt64) {
        let g = Self.random(seed: seed, count: 600)
        let index = CityIndex(cities: g.cities, names: g.names)
        for prefix in ["", "t", "ta", "tai", "s", "sh", "shenzhen", "中", "臺", "タ", "타", "é", "a ", "a b", "q", "\u{10FFFF}"] {
            for country in [nil, "TW", "JP", "FR"] {
                for limit in [1, 3, 21] {
                    // Page through to the end with the index's own cursors, as the API does.
                    var cursor: (Int, Int)?, pages = 0
                    repeat {
                        let found = index.search(prefix: prefix, countryCode: country, after: cursor, limit: limit)
                        #expect(found == Self.scan(g, prefix: prefix, country: country, after: cursor, limit: limit), "\(prefix) \(country ?? "-") \(limit)")
                        guard found.count == limit, let last = g.cities.first(where: { $0.id == found.last }) else { break }
                        cursor = (last.population, last.id)
                        pages += 1
                    } while pages < 40
                }
            }
        }
    }

    @Test func aCursorOfACityNoLongerThereStillContinuesInOrder() {
        let g = Self.random(seed: 9, count: 300)
        let index = CityIndex(cities: g.cities, names: g.names)
        #expect(index.search(prefix: "", countryCode: nil, after: (24_500, 5), limit: 10)
                == Self.scan(g, prefix: "", country: nil, after: (24_500, 5), limit: 10))
    }

    @Test(arguments: [4, 5] as [UInt64])
    func nearestAgreesWithAScan(_ seed: UInt64) throws {
        let g = Self.random(seed: seed, count: 800)
        let index = CityIndex(cities: g.cities, names: g.names)
        var rng = SplitMix64(state: seed + 100)
        var points = [try Coordinate(latitude: 90, longitude: 0), try Coordinate(latitude: -89.9, longitude: 179.9),
                      try Coordinate(latitude: 0, longitude: -180), try Coordinate(latitude: 10, longitude: 180)]
        for _ in 0..<60 {
            points.append(try Coordinate(latitude: Double(rng.next(upperBound: UInt64(18_001))) / 100 - 90, longitude: Double(rng.next(upperBound: UInt64(36_001))) / 100 - 180))
        }
        for point in points {
            for limit in [1, 6, 25, 1_000] {
                let expected = g.cities.compactMap { city in city.coordinate.map { (id: city.id, km: point.distanceKilometres(to: $0)) } }
                    .sorted { ($0.km, $0.id) < ($1.km, $1.id) }.prefix(limit)
                let found = index.nearest(to: point, limit: limit)
                #expect(found.map(\.id) == expected.map(\.id), "\(point) \(limit)")
                #expect(found.map(\.kilometres) == expected.map(\.km))
            }
        }
    }

    @Test func anEmptyIndexFindsNothing() throws {
        let index = CityIndex(cities: [], names: [])
        #expect(index.search(prefix: "a", countryCode: nil, after: nil, limit: 5).isEmpty)
        #expect(index.nearest(to: try Coordinate(latitude: 0, longitude: 0), limit: 5).isEmpty)
        #expect(index.count == 0)
    }
}
