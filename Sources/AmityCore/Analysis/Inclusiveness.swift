/// How much of the practices shared, the aid received and the participation in events and
/// statements reaches small and medium cities and poorer regions, against the big global cities:
/// counted by the directory's size bands (`CitySize`: towns and cities against large cities and
/// megacities), by UN region and by income group.
public struct Inclusiveness: Sendable, Codable, Hashable {
    /// What one city did or received on the record.
    public struct CityActivity: Sendable, Hashable {
        public var city: Int
        public var country: String
        public var population: Int?
        /// Practices it published.
        public var practices: Int
        /// Aid it received (ties, goods and money).
        public var aid: Int
        /// Events it hosted or held a place at, and statements it signed.
        public var participation: Int

        public init(city: Int, country: String, population: Int?, practices: Int, aid: Int, participation: Int) {
            (self.city, self.country, self.population) = (city, country, population)
            (self.practices, self.aid, self.participation) = (practices, aid, participation)
        }
    }

    public var bySize: [InclusionGroup]
    public var byRegion: [InclusionGroup]
    public var byIncome: [InclusionGroup]
    /// What small and medium cities (towns and cities under a million people) hold of each.
    public var smallAndMedium: InclusionGroup

    public init(activity: [CityActivity], countries: [String: CountryFacts]) {
        let active = activity.filter { $0.practices + $0.aid + $0.participation > 0 }
        let totals = (active.reduce(0) { $0 + $1.practices }, active.reduce(0) { $0 + $1.aid }, active.reduce(0) { $0 + $1.participation })
        func groups(_ key: (CityActivity) -> String, order: [String]) -> [InclusionGroup] {
            let grouped = Dictionary(grouping: active, by: key)
            let keys = order.filter { grouped[$0] != nil } + grouped.keys.filter { !order.contains($0) }.sorted()
            return keys.map { InclusionGroup(name: $0, cities: grouped[$0] ?? [], totals: totals) }
        }
        bySize = groups({ $0.population.map { CitySize(population: $0).rawValue } ?? "unknown" }, order: CitySize.allCases.map(\.rawValue))
        byRegion = groups({ countries[$0.country]?.region.nilIfBlank ?? "unknown" }, order: [])
        byIncome = groups({ countries[$0.country]?.incomeLabel.nilIfBlank ?? "unknown" },
                          order: ["High income: OECD", "High income: nonOECD", "Upper middle income", "Lower middle income", "Low income"])
        smallAndMedium = InclusionGroup(name: "small-and-medium", cities: active.filter { $0.population.map { CitySize(population: $0).isSmallOrMedium } ?? false }, totals: totals)
    }
}

/// One group's part of the whole.
public struct InclusionGroup: Sendable, Codable, Hashable {
    public var name: String
    /// Cities of the group with anything on record.
    public var cities: Int
    public var practices: Int
    public var aid: Int
    public var participation: Int
    /// Each as a share (0 to 1) of all cities' total; 0 when the total is 0.
    public var practicesShare: Double
    public var aidShare: Double
    public var participationShare: Double

    init(name: String, cities group: [Inclusiveness.CityActivity], totals: (Int, Int, Int)) {
        self.name = name
        cities = group.count
        practices = group.reduce(0) { $0 + $1.practices }
        aid = group.reduce(0) { $0 + $1.aid }
        participation = group.reduce(0) { $0 + $1.participation }
        practicesShare = totals.0 > 0 ? Double(practices) / Double(totals.0) : 0
        aidShare = totals.1 > 0 ? Double(aid) / Double(totals.1) : 0
        participationShare = totals.2 > 0 ? Double(participation) / Double(totals.2) : 0
    }
}

extension String {
    fileprivate var nilIfBlank: String? { isEmpty ? nil : self }
}

extension CitySize {
    /// Towns and cities under a million people: those the paper asks whether cooperation reaches.
    public var isSmallOrMedium: Bool { self == .town || self == .city }
}
