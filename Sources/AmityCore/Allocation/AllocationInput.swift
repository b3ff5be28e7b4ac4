/// What the allocation engine plans from: cities, what they offer and need, how they are linked,
/// and the national rules that block some of them from sending some items.
public struct AllocationInput: Sendable, Codable, Equatable {
    public struct City: Sendable, Codable, Equatable {
        public var id: Int
        public var name: String
        public var country: CountryCode
        public var coordinate: Coordinate
        public init(id: Int, name: String, country: CountryCode, coordinate: Coordinate) {
            (self.id, self.name, self.country, self.coordinate) = (id, name, country, coordinate)
        }
    }

    public struct Offer: Sendable, Codable, Equatable {
        public var id: Int
        public var city: Int
        public var item: String
        public var quantity: Int64
        /// Only for the offering city's sister and friendship cities.
        public var partnersOnly: Bool
        public init(id: Int, city: Int, item: String, quantity: Int64, partnersOnly: Bool = false) {
            (self.id, self.city, self.item, self.quantity, self.partnersOnly) = (id, city, item, quantity, partnersOnly)
        }
    }

    public struct Need: Sendable, Codable, Equatable {
        public var id: Int
        public var city: Int
        public var item: String
        public var quantity: Int64
        /// 1 (can wait) to 5 (lives depend on it).
        public var urgency: Int
        public init(id: Int, city: Int, item: String, quantity: Int64, urgency: Int) {
            (self.id, self.city, self.item, self.quantity, self.urgency) = (id, city, item, quantity, urgency)
        }
    }

    /// A tie between two cities that makes sending between them cheaper.
    public struct Link: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable { case sisterCity = "sister-city", friendshipCity = "friendship-city", sharedNetwork = "shared-network" }
        public var cities: [Int]
        public var kind: Kind
        /// The network's name, for a shared membership.
        public var network: String?
        public init(cities: [Int], kind: Kind, network: String? = nil) {
            (self.cities, self.kind, self.network) = (cities, kind, network)
        }
    }

    /// A national rule: cities of `country` may not send `item` (an export ban, a licence, central control).
    public struct Rule: Sendable, Codable, Equatable {
        public var id: String
        public var country: CountryCode
        public var item: String
        public var description: String
        /// Cities the government let send despite the rule (their offers carry no more than it allowed).
        public var exempt: [Int]?
        public init(id: String, country: CountryCode, item: String, description: String, exempt: [Int]? = nil) {
            (self.id, self.country, self.item, self.description, self.exempt) = (id, country, item, description, exempt)
        }
    }

    public var cities: [City]
    public var offers: [Offer]
    public var needs: [Need]
    public var links: [Link]
    public var rules: [Rule]

    public init(cities: [City], offers: [Offer], needs: [Need], links: [Link] = [], rules: [Rule] = []) {
        (self.cities, self.offers, self.needs, self.links, self.rules) = (cities, offers, needs, links, rules)
    }
}

/// How scarce supply is shared.
public enum AllocationMode: String, WireValue, Codable {
    public static let wireName = "allocation mode", defaultField = "mode"

    /// As much as possible, the most urgent needs first, then at least cost.
    case efficient
    /// The smallest met share of any need as large as possible, then the next smallest (to 1%).
    case maxMinFair = "max-min-fair"
    /// When an item is short, every need of it gets the same share of what it asked, as far as the links allow.
    case proportional
}

/// A plan: what goes from which offer to which need, and why each unmet need is unmet.
public struct AllocationPlan: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public var offer: Int
        public var need: Int
        public var quantity: Int64
        public var unitCost: Int64
        public var reason: PairReason
        /// The nearest supplier's city, where a tie (partner or network) chose a farther one.
        public var nearerSupplier: Int?
    }

    /// Why this supplier serves this need.
    public enum PairReason: Sendable, Codable, Hashable {
        case sisterCity
        case friendshipCity
        case sharedNetwork(String)
        case nearestSupplier
        /// A farther supplier, because nearer ones were used for other needs or are blocked.
        case availableSupplier
    }

    public struct Unmet: Sendable, Codable, Equatable {
        public var need: Int
        public var shortfall: Int64
        public var reason: UnmetReason
        /// For a need blocked by rules: the cities whose offers the rules stopped.
        public var blockedSuppliers: [Int]?
    }

    /// Why a need is not fully met.
    public enum UnmetReason: Sendable, Codable, Equatable {
        /// Nobody offers this item.
        case noSupply
        /// Every supplier that could reach this city is blocked by these rules.
        case blockedByRules([String])
        /// The only offers left are for the offering cities' partners, and this city is not one.
        case onlyPartnersOnlyOffers
        /// The reachable supply went to these more urgent needs.
        case takenByMoreUrgentNeeds([Int])
        /// The reachable supply went to these needs, as urgent as this one, at less cost overall.
        case takenByOtherNeeds([Int])
        /// Shared out under a fairness mode: this need got this share (in hundredths) like the others.
        case sharedFairly(percent: Int)
    }

    public var mode: AllocationMode
    public var lines: [Line]
    public var unmet: [Unmet]
    public var delivered: Int64
    public var totalCost: Int64
}
