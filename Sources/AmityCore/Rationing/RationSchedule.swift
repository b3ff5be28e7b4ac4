import Foundation

/// A programme's versions in order of taking effect: which is in force at an instant, and the
/// decision under it — or a denial saying no version is, never a silent "unlimited".
public struct RationSchedule: Sendable {
    /// Versions by start, earliest first.
    public let versions: [RationRules]

    public init(_ versions: [RationRules]) {
        var ordered = versions.sorted { $0.start < $1.start }
        for index in ordered.indices.dropFirst() {
            let (before, startDay) = (ordered[index - 1], ordered[index].startDay)
            ordered[index].carriedSpans = Dictionary(uniqueKeysWithValues: before.policy.quotas.compactMap { quota in
                quota.window.span(on: startDay).map { (quota.id, $0) }
            })
        }
        self.versions = ordered
    }

    /// Checks every policy and orders them.
    public init(policies: [RationPolicy]) throws { self.init(try policies.map(RationRules.init)) }

    /// The version in force at `instant`: the latest one started, unless it has ended.
    public func inForce(at instant: Date) -> RationRules? {
        guard let latest = versions.last(where: { $0.start <= instant }) else { return nil }
        if let end = latest.end, instant >= end { return nil }
        return latest
    }

    /// Decides `visit` under the version in force at its instant.
    public func decide(_ visit: Visit, history: [Purchase], stock: [String: Int]? = nil) -> RationDecision {
        guard let rules = inForce(at: visit.at) else { return .deny([Reason(.noPolicy)], version: nil) }
        return rules.decide(visit, history: history, stock: stock)
    }
}

extension RationRules {
    /// The earliest instant whose purchases can count in a decision at `at`: the start of the
    /// oldest window any quota (or the version before, under `carry`, or a weekend rule) reads.
    public func historyStart(at: Date) -> Date {
        let day = clock.day(of: at)
        var earliest = day.weekStart
        for quota in policy.quotas {
            if let span = quota.window.span(on: day) { earliest = Swift.min(earliest, span.lowerBound) }
        }
        if policy.transition == .carry {
            for span in carriedSpans.values { earliest = Swift.min(earliest, span.lowerBound) }
        }
        // A day early, so a zone's offset can never leave a counted purchase out.
        return clock.instant(of: earliest.advanced(by: -1), minute: 0)
    }
}
