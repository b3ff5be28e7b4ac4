import AmityCore
import Vapor

/// A plan as the API and its page show it: every line and every shortfall with its reason.
struct PlanDTO: Content {
    var id: Int
    var scope: String
    var scopeId: String
    var mode: String
    var delivered: Int64
    var totalCost: Int64
    var createdAt: Date
    /// The past day the plan was made as of; its lines are a record, not proposals to answer.
    var asOf: Date?
    var lines: [Line]
    var unmet: [Unmet]

    struct Line: Content {
        var id: Int
        var offerId: Int
        var needId: Int
        var donor: CityRefDTO
        var recipient: CityRefDTO
        var item: String
        var quantity: Int64
        var unitCost: Int64
        var reason: Reason
        /// A nearer supplier that the tie in `reason` was preferred to.
        var nearerSupplier: CityRefDTO?
        var donorAnswer: LineAnswer?
        var recipientAnswer: LineAnswer?
        var pledgeId: Int?
    }

    struct Unmet: Content {
        var needId: Int
        var city: CityRefDTO
        var item: String
        var shortfall: Int64
        var reason: Reason
        /// For a need blocked by rules: the cities the rules stopped, and what the plan has them send instead.
        var blockedSuppliers: [BlockedSupplier]?
    }

    struct BlockedSupplier: Content {
        var city: CityRefDTO
        /// Items this city sends elsewhere in the plan, which no rule stops.
        var instead: [String]
    }

    /// A reason in a flat form: its kind, and the rules, needs, network or share it names.
    struct Reason: Content, Equatable {
        var kind: String
        var network: String?
        var rules: [String]?
        var needs: [Int]?
        var percent: Int?

        init(_ reason: AllocationPlan.PairReason) {
            switch reason {
            case .sisterCity: kind = "sister-city"
            case .friendshipCity: kind = "friendship-city"
            case .sharedNetwork(let name): kind = "shared-network"; network = name
            case .nearestSupplier: kind = "nearest-supplier"
            case .availableSupplier: kind = "available-supplier"
            }
        }

        init(_ reason: AllocationPlan.UnmetReason) {
            switch reason {
            case .noSupply: kind = "no-supply"
            case .blockedByRules(let ids): kind = "blocked-by-rules"; rules = ids
            case .onlyPartnersOnlyOffers: kind = "only-partners-only-offers"
            case .takenByMoreUrgentNeeds(let ids): kind = "taken-by-more-urgent-needs"; needs = ids
            case .takenByOtherNeeds(let ids): kind = "taken-by-other-needs"; needs = ids
            case .sharedFairly(let share): kind = "shared-fairly"; percent = share
            }
        }
    }
}

struct MakePlanInput: Content {
    /// Plan for every member city of this network (its secretariat)…
    var networkId: String?
    /// …or for this city's offers against every open need (its officers).
    var cityId: Int?
    var mode: String?
    /// A past day (`YYYY-MM-DD`) to plan as of: rules, lapses and partnerships as they stood then.
    var asOf: String?
}

/// A plan asked for and not yet (or no longer) being made: where it is in line, how far it got,
/// and the plan it made or why it failed.
struct PlanJobDTO: Content {
    var id: Int
    /// `queued`, `running`, `done` or `failed`.
    var status: String
    /// While running: `reading`, `solving` or `saving`.
    var stage: String
    var scope: String
    var scopeId: String
    var mode: String
    /// The offers and needs in scope when it was asked for.
    var offers: Int
    var needs: Int
    /// Items solved of all items (each item is its own flow network).
    var itemsDone: Int
    var itemsTotal: Int
    /// While queued: how many plans are ahead of it, on every instance.
    var ahead: Int?
    var planId: Int?
    var failure: String?
    var requestedAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var asOf: Date?
}
