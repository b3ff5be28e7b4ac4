@testable import AmityCore
import Foundation
import PropertyBased
import Testing

/// No sequence of allowed visits ever exceeds a limit in any window: checked by an oracle that
/// sums every window of every kind day by day, independently of the engine's own counting.
@Suite struct RationingPropertyTests {
    static let base = CivilDay(year: 2020, month: 3, day: 2)
    static let utc = LocalClock(zone: TimeZone(identifier: "UTC")!)

    enum Shape: Int, CaseIterable { case shared, separate, lockOnFirst, proportional }

    static func policy(window: Window, shape: Shape, adultMax: Int, childMax: Int) -> RationPolicy {
        let limit: Limit = switch shape {
        case .shared: Limit(pools: [Pool("masks", classes: ["adult", "child"], max: adultMax)])
        case .separate: Limit(pools: [Pool("adult", classes: ["adult"], max: adultMax), Pool("child", classes: ["child"], max: childMax)])
        case .lockOnFirst: Limit(alternatives: [[Pool("adult", classes: ["adult"], max: adultMax)], [Pool("child", classes: ["child"], max: childMax)]], semantics: .lockOnFirst)
        case .proportional: Limit(alternatives: [[Pool("adult", classes: ["adult"], max: max(1, adultMax))], [Pool("child", classes: ["child"], max: max(1, childMax))]], semantics: .proportional)
        }
        return RationPolicy(
            version: 1, effectiveFrom: LocalDateTime(day: base), timeZone: "UTC", currency: "TWD", classes: ["adult", "child"],
            eligibility: Eligibility(documents: ["nhi"], channels: ["counter"]), quotas: [Quota(id: "q", window: window, limits: [limit])],
            prices: [Price("adult", unit: Amount(5)), Price("child", unit: Amount(5))]
        )
    }

    static func window(kind: Int, days: Int, boundary: Bool) -> Window {
        switch kind {
        case 0: .rolling(days, boundaryDayCounts: boundary)
        case 1: .cycle(days, from: base.advanced(by: days % 5))
        case 2: .calendarWeek
        default: .range(base.advanced(by: 3), base.advanced(by: 3 + days * 2))
        }
    }

    /// Whether `sums` (by class) fit the limit, judged from first principles.
    static func fits(_ sums: [String: Int], _ limit: Limit) -> Bool {
        func total(_ pool: Pool) -> Int { pool.classes.reduce(0) { $0 + (sums[$1] ?? 0) } }
        let inPlay = Set(sums.filter { $0.value > 0 }.keys)
        switch limit.semantics {
        case .proportional?:
            let pools = limit.alternatives.map { $0[0] }
            let product = pools.reduce(1) { $0 * $1.max }
            return pools.reduce(0) { $0 + total($1) * (product / $1.max) } <= product
        case .lockOnFirst?:
            return limit.alternatives.contains { pools in inPlay.isSubset(of: pools.flatMap(\.classes)) && pools.allSatisfy { total($0) <= $0.max } }
        case nil:
            return limit.alternatives[0].allSatisfy { total($0) <= $0.max }
        }
    }

    /// Every window the policy's window kind can form over the days bought on, summed: spans worked
    /// out here from the window's definition, not by the engine's `span(on:)`.
    static func everyWindow(_ window: Window, _ purchases: [Purchase]) -> [[String: Int]] {
        let days = purchases.map { Int(($0.at.timeIntervalSince1970 / 86_400).rounded(.down)) }
        guard let first = days.min(), let last = days.max() else { return [] }
        var spans: [ClosedRange<Int>] = []
        switch window.kind {
        case .rolling:
            let length = window.days! + (window.boundaryDayCounts == true ? 1 : 0)
            spans = (first...last).map { ($0 - length + 1)...$0 }
        case .cycle:
            let epoch = window.epoch!.number, length = window.days!
            spans = stride(from: epoch - 40 * length, through: last, by: length).map { $0...($0 + length - 1) }
        case .calendarWeek:
            // 1970-01-05 (day 4) was a Monday.
            let monday = first - ((first - 4) % 7 + 7) % 7
            spans = stride(from: monday, through: last, by: 7).map { $0...($0 + 6) }
        case .range:
            spans = [window.from!.number...(window.until!.number - 1)]
        }
        return spans.map { span in
            var sums: [String: Int] = [:]
            for (purchase, bought) in zip(purchases, days) where span.contains(bought) { sums[purchase.class, default: 0] += purchase.quantity }
            return sums
        }
    }

    @Test func allowedVisitsNeverExceedALimitInAnyWindow() async {
        let visits = zip(Gen.int(in: 0...45), Gen.int(in: 0...23), Gen.int(in: 0...5), Gen.int(in: 0...5)).array(of: 1...30)
        let settings = zip(Gen.int(in: 0...3), Gen.int(in: 1...15), Gen.int(in: 0...12), Gen.int(in: 0...12), Gen.int(in: 0...3), Gen.bool)
        await propertyCheck(count: 400, input: settings, visits) { setting, asks in
            let (kind, days, adultMax, childMax, shapeIndex, boundary) = setting
            let shape = Shape(rawValue: shapeIndex)!
            let policy = Self.policy(window: Self.window(kind: kind, days: days, boundary: boundary), shape: shape, adultMax: adultMax, childMax: childMax)
            let rules = try! RationRules(policy)
            let buyer = Cardholder(key: "p", document: "nhi", birth: try! PartialDate("1980"))
            var history: [Purchase] = []
            let ordered = asks.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            for (offset, hour, adult, child) in ordered {
                let at = Self.utc.instant(of: Self.base.advanced(by: offset), minute: hour * 60)
                let lines = [Line("adult", adult), Line("child", child)].filter { $0.quantity > 0 }
                guard !lines.isEmpty else { continue }
                let decision = rules.decide(.own(buyer, lines, at: at), history: history)
                if decision.allowed { history += lines.map { Purchase(person: "p", at: at, class: $0.class, quantity: $0.quantity) } }
            }
            for sums in Self.everyWindow(policy.quotas[0].window, history) {
                #expect(Self.fits(sums, policy.quotas[0].limits[0]), "window \(sums) breaks \(shape) under \(policy.quotas[0].window)")
            }
        }
    }

    @Test func aVisitWithinAnEmptyWindowIsAllowedUpToTheLimit() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...12), Gen.int(in: 0...3)) { max, kind in
            let rules = try! RationRules(Self.policy(window: Self.window(kind: kind, days: 7, boundary: false), shape: .shared, adultMax: max, childMax: max))
            let at = Self.utc.instant(of: Self.base.advanced(by: 4), minute: 600)
            let buyer = Cardholder(key: "p", document: "nhi", birth: try! PartialDate("1980"))
            #expect(rules.decide(.own(buyer, [Line("adult", max)], at: at), history: []).allowed)
            #expect(rules.decide(.own(buyer, [Line("adult", max + 1)], at: at), history: []).codes == [.limit])
        }
    }
}
