import Foundation

/// What one person may still take in one quota, and until when: the answer to "my entitlement".
public struct Entitlement: Sendable, Equatable, Codable {
    public var quota: String
    public var windowStarts: CivilDay
    public var windowEnds: CivilDay
    /// For a cycle window, its index from the epoch (0 first).
    public var cycle: Int?
    /// How the alternatives combine, when there are several.
    public var semantics: Limit.Semantics?
    /// Each pool of each alternative with what is used and what is left.
    public var pools: [PoolStanding]

    public struct PoolStanding: Sendable, Equatable, Codable {
        public var alternative: Int
        public var pool: String
        public var classes: [String]
        public var max: Int
        public var used: Int
        public var remaining: Int
    }
}

extension RationRules {
    /// `person`'s entitlement in every quota whose window is open at `at`.
    public func entitlements(of person: Cardholder, at: Date, history: [Purchase]) -> [Entitlement] {
        let day = clock.day(of: at)
        return policy.quotas.compactMap { quota in
            guard let standing = standing(of: person, in: quota, on: day, before: at, history: history), let limit = standing.limit else { return nil }
            let left = remaining(standing, limit)
            let pools = limit.alternatives.enumerated().flatMap { alternative, pools in
                pools.map { pool in
                    Entitlement.PoolStanding(alternative: alternative, pool: pool.name, classes: pool.classes, max: pool.max,
                                             used: standing.total(standing.used, in: pool), remaining: left(alternative, pool))
                }
            }
            return Entitlement(quota: quota.id, windowStarts: standing.span.lowerBound, windowEnds: standing.span.upperBound,
                               cycle: quota.window.cycleIndex(on: day), semantics: limit.alternatives.count > 1 ? limit.semantics : nil, pools: pools)
        }
    }

    /// The days of the coming week (from `at`'s day) on which `person`'s own card passes the gate.
    public func openDays(for person: Cardholder, from at: Date, channel: String = "counter", history: [Purchase]) -> [CivilDay] {
        let today = clock.day(of: at)
        return (0..<7).map { today.advanced(by: $0) }.filter { day in
            !gateApplies(to: person, channel: channel, on: day) || gateOpens(on: day, for: person, before: at, history: history)
        }
    }

    /// How much each pool could still take on its own, given everything counted.
    private func remaining(_ standing: QuotaStanding, _ limit: Limit) -> (Int, Pool) -> Int {
        let inPlay = Set(standing.used.filter { $0.value > 0 }.keys)
        if limit.alternatives.count > 1, limit.semantics == .proportional,
           let whole = Proportion.commonDenominator(limit.alternatives.map { $0[0].max }) {
            let taken = limit.alternatives.reduce(0) { $0 + standing.total(standing.used, in: $1[0]) * (whole / $1[0].max) }
            return { _, pool in Swift.max(0, (whole - taken) / (whole / pool.max)) }
        }
        return { alternative, pool in
            // Under lockOnFirst an alternative that cannot hold what was already bought is closed.
            if limit.alternatives.count > 1, !inPlay.isSubset(of: limit.alternatives[alternative].flatMap(\.classes)) { return 0 }
            return Swift.max(0, pool.max - standing.total(standing.used, in: pool))
        }
    }

    /// The purchases that give away the rest of `person`'s entitlement in `quota` at `at`, or the
    /// reasons it cannot be donated. The alternative in play (or the first) is the one given.
    public func donation(of person: Cardholder, quota id: String, at: Date, history: [Purchase]) -> Result<[Purchase], DomainError> {
        guard policy.donation else { return .failure(.invalid("quota", key: "error_donation_closed")) }
        guard let quota = policy.quotas.first(where: { $0.id == id }) else {
            return .failure(.invalid("quota", key: "error_choice", ["text": id, "choices": policy.quotas.map(\.id).joined(separator: ", ")]))
        }
        let entitlement = entitlements(of: person, at: at, history: history).first { $0.quota == quota.id }
        let open = entitlement?.pools.filter { $0.remaining > 0 } ?? []
        guard let alternative = open.first?.alternative else { return .success([]) }
        let given = entitlement?.semantics == .proportional ? Array(open.prefix(1)) : open.filter { $0.alternative == alternative }
        return .success(given.map {
            Purchase(person: person.key, at: at, class: $0.classes[0], quantity: $0.remaining, channel: "donation", donated: true)
        })
    }
}
