import Foundation

/// One person's standing in one quota on one day: what counts, what the limit is.
struct QuotaStanding {
    let quota: Quota
    let span: ClosedRange<CivilDay>
    /// The limit the person's cohort gets, nil when no limit covers them.
    let limit: Limit?
    /// Units counted in the window, by class.
    let used: [String: Int]
    /// The local day of the oldest counted purchase of each class, for sliding windows.
    let oldest: [String: CivilDay]

    /// The last day the window binds: its end, or for a sliding window the day the oldest
    /// counted purchase of `classes` stops counting.
    func windowEnds(for classes: [String]) -> CivilDay {
        guard quota.window.slides else { return span.upperBound }
        let length = span.lowerBound.distance(to: span.upperBound)
        guard let first = classes.compactMap({ oldest[$0] }).min() else { return span.upperBound }
        return first.advanced(by: length)
    }

    /// Every way `asked` breaks the limit, as reasons (none when it fits).
    func reasons(asking asked: [String: Int], card: Int) -> [Reason] {
        guard let limit else { return [] }
        let inPlay = Set(asked.filter { $0.value > 0 }.keys).union(used.filter { $0.value > 0 }.keys)
        if limit.alternatives.count == 1 { return overruns(limit.alternatives[0], asked, card) }
        switch limit.semantics ?? .lockOnFirst {
        case .lockOnFirst:
            let candidates = limit.alternatives.filter { pools in inPlay.isSubset(of: pools.flatMap(\.classes)) }
            guard !candidates.isEmpty else {
                var reason = Reason(.alternatives)
                (reason.card, reason.quota, reason.windowEnds) = (card, quota.id, windowEnds(for: Array(inPlay)))
                return [reason]
            }
            let overrunsPerCandidate = candidates.map { overruns($0, asked, card) }
            return overrunsPerCandidate.first(where: \.isEmpty) ?? overrunsPerCandidate[0]
        case .proportional:
            return proportionalOverruns(limit.alternatives.map { $0[0] }, asked, card)
        }
    }

    /// The units of `pool`'s classes in `counts`, at most one more than any limit can be: past that
    /// every comparison answers the same, and the proportional arithmetic stays inside an Int.
    func total(_ counts: [String: Int], in pool: Pool) -> Int {
        pool.classes.reduce(0) { Proportion.bounded($0, plus: counts[$1] ?? 0) }
    }

    private func overruns(_ pools: [Pool], _ asked: [String: Int], _ card: Int) -> [Reason] {
        pools.compactMap { pool in
            let (have, want) = (total(used, in: pool), total(asked, in: pool))
            guard want > 0, have + want > pool.max else { return nil }
            return limitReason(pool, used: have, asked: want, max: pool.max, card: card)
        }
    }

    /// Shares add up across alternatives; each overrun pool is told the most it could still hold.
    private func proportionalOverruns(_ pools: [Pool], _ asked: [String: Int], _ card: Int) -> [Reason] {
        guard let whole = Proportion.commonDenominator(pools.map(\.max)) else { return [] }
        func share(_ counts: [String: Int]) -> Int { pools.reduce(0) { $0 + total(counts, in: $1) * (whole / $1.max) } }
        let taken = share(used) + share(asked)
        guard taken > whole else { return [] }
        return pools.compactMap { pool in
            let want = total(asked, in: pool)
            guard want > 0 else { return nil }
            let unit = whole / pool.max
            let others = taken - want * unit - total(used, in: pool) * unit
            let most = Swift.max(0, (whole - others) / unit)
            return limitReason(pool, used: total(used, in: pool), asked: want, max: most, card: card)
        }
    }

    private func limitReason(_ pool: Pool, used: Int, asked: Int, max: Int, card: Int) -> Reason {
        var reason = Reason(.limit)
        (reason.card, reason.quota, reason.pool, reason.used, reason.asked, reason.max) = (card, quota.id, pool.name, used, asked, max)
        (reason.windowStarts, reason.windowEnds) = (span.lowerBound, windowEnds(for: pool.classes))
        return reason
    }
}

extension RationRules {
    /// Whether purchases in `channel` count against `quota`.
    func counts(_ quota: Quota, channel: String) -> Bool { quota.channels.map { $0.contains(channel) } ?? true }

    /// `person`'s standing in `quota` on `day`, counting `history` made before `at`; nil when the
    /// window is closed that day.
    func standing(of person: Cardholder, in quota: Quota, on day: CivilDay, before at: Date, history: [Purchase]) -> QuotaStanding? {
        guard let span = quota.window.span(on: day) else { return nil }
        let classes = quota.classes
        var used: [String: Int] = [:], oldest: [String: CivilDay] = [:]
        for purchase in history where purchase.person == person.key && classes.contains(purchase.class)
            && purchase.at <= at && (purchase.donated || counts(quota, channel: purchase.channel)) {
            let purchaseDay = clock.day(of: purchase.at)
            if purchase.at < start {
                // `reset` starts every window of a new version empty; `carry` moves what still
                // counted under the version before into the window open at this one's start.
                guard policy.transition == .carry, span.contains(startDay),
                      (carriedSpans[quota.id] ?? quota.window.span(on: startDay))?.contains(purchaseDay) == true else { continue }
            } else if !span.contains(purchaseDay) {
                continue
            }
            used[purchase.class] = Proportion.bounded(used[purchase.class] ?? 0, plus: purchase.quantity)
            oldest[purchase.class] = Swift.min(oldest[purchase.class] ?? purchaseDay, purchaseDay)
        }
        let limit = quota.limits.first { self.person(person, isIn: $0.cohort, on: day) }
        return QuotaStanding(quota: quota, span: span, limit: limit, used: used, oldest: oldest)
    }
}
