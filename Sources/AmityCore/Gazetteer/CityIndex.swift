/// The gazetteer's cities held in memory for the reads most visitors make: by name prefix in any
/// script, by country, and nearest to a point, in microseconds instead of a database round trip.
///
/// Cities are ranked largest first (population descending, then id descending), the order every
/// city list shows; a search collects the smallest matching ranks after the cursor.
public struct CityIndex: Sendable {
    /// One city as the index needs it.
    public struct City: Sendable, Equatable {
        public var id: Int
        public var population: Int
        public var countryCode: String
        public var coordinate: Coordinate?

        public init(id: Int, population: Int, countryCode: String, coordinate: Coordinate?) {
            self.id = id
            self.population = population
            self.countryCode = countryCode
            self.coordinate = coordinate
        }
    }

    /// Cities by rank.
    private let ids: [Int]
    private let populations: [Int]
    private let countries: [UInt16]
    private let countryNumbers: [String: UInt16]
    private let names: NameKeys
    private let nearest: NearestCities

    /// Indexes `cities` and their folded name keys (`SearchKey.of`), given as city id and key.
    /// A name of a city not in `cities` is ignored.
    public init(cities: [City], names: [(cityID: Int, key: String)]) {
        let ranked = cities.sorted { ($0.population, $0.id) > ($1.population, $1.id) }
        ids = ranked.map(\.id)
        populations = ranked.map(\.population)
        var numbers: [String: UInt16] = [:]
        countries = ranked.map { city in
            if let number = numbers[city.countryCode] { return number }
            let number = UInt16(truncatingIfNeeded: numbers.count)
            numbers[city.countryCode] = number
            return number
        }
        countryNumbers = numbers
        let rankOfID = Dictionary(ranked.enumerated().map { ($1.id, Int32($0)) }, uniquingKeysWith: { first, _ in first })
        self.names = NameKeys(names.compactMap { name in rankOfID[name.cityID].map { (name.key, $0) } })
        self.nearest = NearestCities(ranked.enumerated().compactMap { rank, city in city.coordinate.map { (Int32(rank), city.id, $0) } })
    }

    /// How many cities the index holds.
    public var count: Int { ids.count }

    /// Up to `limit` ids of cities with a name key starting with `prefix` (already folded; empty
    /// for any city), in `countryCode` if given, that come after `cursor` (the population and id
    /// of the last city of the previous page), largest first.
    public func search(prefix: String, countryCode: String?, after cursor: (population: Int, id: Int)?, limit: Int) -> [Int] {
        guard limit > 0 else { return [] }
        var country: UInt16?
        if let countryCode {
            guard let number = countryNumbers[countryCode] else { return [] }
            country = number
        }
        let first = cursor.map(firstRank(after:)) ?? 0
        if prefix.isEmpty {
            var found: [Int] = []
            var rank = first
            while rank < ids.count, found.count < limit {
                if country == nil || countries[rank] == country { found.append(ids[rank]) }
                rank += 1
            }
            return found
        }
        var best = SmallestRanks(capacity: limit)
        names.forEachRank(withPrefix: Array(prefix.utf8)) { rank in
            let rank = Int(rank)
            guard rank >= first, country == nil || countries[rank] == country else { return }
            best.offer(Int32(rank))
        }
        return best.ranks.map { ids[Int($0)] }
    }

    /// The `limit` cities nearest to `point`, nearest first (ties by id), with their distance in kilometres.
    public func nearest(to point: Coordinate, limit: Int) -> [(id: Int, kilometres: Double)] {
        nearest.nearest(to: point, limit: limit).map { (ids[Int($0.rank)], $0.kilometres) }
    }

    /// The first rank whose city comes after (smaller, or as large with a smaller id) the cursor's.
    private func firstRank(after cursor: (population: Int, id: Int)) -> Int {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if (populations[mid], ids[mid]) >= (cursor.population, cursor.id) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// The `capacity` smallest distinct ranks offered, in order.
struct SmallestRanks {
    let capacity: Int
    private(set) var ranks: [Int32] = []

    init(capacity: Int) {
        self.capacity = capacity
        ranks.reserveCapacity(capacity + 1)
    }

    mutating func offer(_ rank: Int32) {
        if ranks.count == capacity, let last = ranks.last, rank >= last { return }
        var low = 0, high = ranks.count
        while low < high {
            let mid = (low + high) / 2
            if ranks[mid] < rank { low = mid + 1 } else { high = mid }
        }
        if low < ranks.count, ranks[low] == rank { return }
        ranks.insert(rank, at: low)
        if ranks.count > capacity { ranks.removeLast() }
    }
}
