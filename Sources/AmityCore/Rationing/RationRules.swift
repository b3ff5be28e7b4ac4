import Foundation

/// A policy checked and made ready to decide: every reference resolved, the zone looked up and the
/// start turned into an instant. Building one is the validation; a policy that fails names each field.
public struct RationRules: Sendable {
    public let policy: RationPolicy
    let clock: LocalClock
    /// The instant the version takes effect.
    public let start: Date
    /// The instant it stops by itself, if it does.
    public let end: Date?
    let cohorts: [String: Cohort]
    let classes: Set<String>
    let prices: [String: Price]
    let holidays: Set<CivilDay>
    /// The local day the version takes effect.
    let startDay: CivilDay
    /// For `carry`: each quota's window under the version before, as it stood at this one's start.
    var carriedSpans: [String: ClosedRange<CivilDay>] = [:]

    /// Checks `policy`, throwing every field it gets wrong (`FieldPath`).
    public init(_ policy: RationPolicy) throws {
        var errors = PolicyChecks(policy).errors
        let zone = TimeZone(identifier: policy.timeZone)
        if zone == nil { errors.append(.init(field: "timeZone", key: "error_time_zone", ["text": policy.timeZone])) }
        guard errors.isEmpty, let zone else { throw DomainError.invalid(errors) }
        self.policy = policy
        let clock = LocalClock(zone: zone)
        self.clock = clock
        start = clock.instant(of: policy.effectiveFrom.day, minute: policy.effectiveFrom.minute)
        startDay = policy.effectiveFrom.day
        end = policy.until.map { clock.instant(of: $0.day, minute: $0.minute) }
        cohorts = Dictionary(policy.cohorts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        classes = Set(policy.classes)
        prices = Dictionary(policy.prices.map { ($0.class, $0) }, uniquingKeysWith: { first, _ in first })
        holidays = Set(policy.dayGate?.holidays ?? [])
    }

    /// Whether `person` belongs to the named cohort on `day` (no name: everyone).
    func person(_ person: Cardholder, isIn cohort: String?, on day: CivilDay) -> Bool {
        guard let cohort else { return true }
        guard let rule = cohorts[cohort] else { return false }
        let born = CivilDay.bounds(of: person.birth)
        if let from = rule.bornFrom, born.lowerBound < from { return false }
        if let through = rule.bornThrough, born.upperBound > through { return false }
        if let age = rule.ageAtMost {
            // At most `age` years old on `day`: born after the day `age + 1` years before it.
            let (year, month, dayOfMonth) = day.parts
            let limitYear = year - age - 1
            let limit = CivilDay(year: limitYear, month: month, day: min(dayOfMonth, PartialDate.days(inMonth: month, year: limitYear)))
            if born.lowerBound <= limit { return false }
        }
        if let flags = rule.flags, !flags.allSatisfy(person.flags.contains) { return false }
        return true
    }
}

/// The checks a policy must pass, gathered rather than stopping at the first.
struct PolicyChecks {
    private(set) var errors: [DomainError.FieldError] = []
    private let policy: RationPolicy
    private let classes: Set<String>
    private let cohorts: Set<String>

    static let largestLimit = 1_000_000
    static let largestPrice = Amount(1_000_000_000)

    init(_ policy: RationPolicy) {
        self.policy = policy
        classes = Set(policy.classes)
        cohorts = Set(policy.cohorts.map(\.name))
        check()
    }

    private mutating func fail(_ field: String, _ key: String, _ values: [String: String] = [:]) {
        errors.append(.init(field: field, key: key, values))
    }

    private mutating func range(_ field: String, _ value: Int, _ bounds: ClosedRange<Int>) {
        if !bounds.contains(value) { fail(field, "error_number_range", ["min": "\(bounds.lowerBound)", "max": "\(bounds.upperBound)"]) }
    }

    private mutating func names(_ field: String, _ values: [String], required: Bool = true) {
        if required && values.isEmpty { fail(field, "error_required") }
        var seen = Set<String>()
        for (index, value) in values.enumerated() {
            if !Self.isName(value) { fail("\(field)[\(index)]", "error_name") }
            if !seen.insert(value).inserted { fail("\(field)[\(index)]", "error_duplicate", ["text": value]) }
        }
    }

    private mutating func known(_ field: String, _ value: String?, in set: Set<String>) {
        guard let value, !set.contains(value) else { return }
        fail(field, "error_choice", ["text": value, "choices": set.sorted().joined(separator: ", ")])
    }

    /// 1–40 letters, digits, `-` or `_`: names that travel in URLs, JSON and CSV unchanged.
    static func isName(_ text: String) -> Bool {
        (1...40).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    private mutating func check() {
        range("version", policy.version, 1...1_000_000)
        if (try? CurrencyCode(policy.currency)) == nil { fail("currency", "error_choice", ["text": policy.currency, "choices": "ISO 4217"]) }
        if let until = policy.until, (until.day, until.minute) <= (policy.effectiveFrom.day, policy.effectiveFrom.minute) {
            fail("until", "error_ends_before_start")
        }
        names("classes", policy.classes)
        names("cohorts", policy.cohorts.map(\.name), required: false)
        for (index, cohort) in policy.cohorts.enumerated() {
            if let age = cohort.ageAtMost { range("cohorts[\(index)].ageAtMost", age, 0...150) }
            if let from = cohort.bornFrom, let through = cohort.bornThrough, through < from { fail("cohorts[\(index)].bornThrough", "error_ends_before_start") }
            names("cohorts[\(index)].flags", cohort.flags ?? [], required: false)
        }
        names("eligibility.documents", policy.eligibility.documents)
        names("eligibility.channels", policy.eligibility.channels)
        checkQuotas()
        if let gate = policy.dayGate { checkGate(gate) }
        if let proxy = policy.proxy { checkProxy(proxy) }
        checkPrices()
    }

    private mutating func checkQuotas() {
        if policy.quotas.isEmpty { fail("quotas", "error_required") }
        names("quotas", policy.quotas.map(\.id), required: false)
        for (q, quota) in policy.quotas.enumerated() {
            let path = "quotas[\(q)]"
            checkWindow("\(path).window", quota.window)
            for (c, channel) in (quota.channels ?? []).enumerated() {
                known("\(path).channels[\(c)]", channel, in: Set(policy.eligibility.channels))
            }
            if quota.limits.isEmpty { fail("\(path).limits", "error_required") }
            for (l, limit) in quota.limits.enumerated() { checkLimit("\(path).limits[\(l)]", limit) }
        }
    }

    private mutating func checkWindow(_ path: String, _ window: Window) {
        switch window.kind {
        case .rolling, .cycle:
            if let days = window.days { if !(1...366).contains(days) { fail("\(path).days", "error_window_days") } }
            else { fail("\(path).days", "error_window_days") }
            if window.kind == .cycle && window.epoch == nil { fail("\(path).epoch", "error_required") }
        case .calendarWeek:
            break
        case .range:
            if window.from == nil { fail("\(path).from", "error_required") }
            if window.until == nil { fail("\(path).until", "error_required") }
            if let from = window.from, let until = window.until, until <= from { fail("\(path).until", "error_ends_before_start") }
        }
    }

    private mutating func checkLimit(_ path: String, _ limit: Limit) {
        known("\(path).cohort", limit.cohort, in: cohorts)
        if limit.alternatives.isEmpty { fail("\(path).alternatives", "error_required") }
        if limit.alternatives.count > 20 { fail("\(path).alternatives", "error_number_range", ["min": "1", "max": "20"]) }
        for (a, pools) in limit.alternatives.enumerated() {
            if pools.isEmpty { fail("\(path).alternatives[\(a)]", "error_required") }
            var covered = Set<String>()
            for (p, pool) in pools.enumerated() {
                let poolPath = "\(path).alternatives[\(a)][\(p)]"
                if !Self.isName(pool.name) { fail("\(poolPath).name", "error_name") }
                range("\(poolPath).max", pool.max, 0...Self.largestLimit)
                if pool.classes.isEmpty { fail("\(poolPath).classes", "error_required") }
                for (c, name) in pool.classes.enumerated() {
                    known("\(poolPath).classes[\(c)]", name, in: classes)
                    // A class in two pools of one alternative would be counted twice.
                    if !covered.insert(name).inserted { fail("\(poolPath).classes[\(c)]", "error_duplicate", ["text": name]) }
                }
            }
        }
        guard limit.alternatives.count > 1 else { return }
        guard let semantics = limit.semantics else { return fail("\(path).semantics", "error_semantics") }
        if semantics == .proportional {
            let pools = limit.alternatives.compactMap { $0.count == 1 ? $0[0] : nil }
            let classes = pools.flatMap(\.classes)
            if pools.count != limit.alternatives.count || pools.contains(where: { $0.max < 1 }) || Set(classes).count != classes.count
                || Proportion.commonDenominator(pools.map(\.max)) == nil {
                fail("\(path).alternatives", "error_proportional")
            }
        }
    }

    private mutating func checkGate(_ gate: DayGate) {
        switch gate.rule {
        case .idParity:
            if gate.odd == nil { fail("dayGate.odd", "error_required") }
            if gate.even == nil { fail("dayGate.even", "error_required") }
        case .birthYearDigit:
            guard let digits = gate.digits else { return fail("dayGate.digits", "error_required") }
            for (day, list) in digits where list.contains(where: { !(0...9).contains($0) }) {
                fail("dayGate.digits.\(day.rawValue)", "error_number_range", ["min": "0", "max": "9"])
            }
        }
        for (index, cohort) in gate.exemptCohorts.enumerated() { known("dayGate.exemptCohorts[\(index)]", cohort, in: cohorts) }
        for (index, channel) in gate.exemptChannels.enumerated() { known("dayGate.exemptChannels[\(index)]", channel, in: Set(policy.eligibility.channels)) }
    }

    private mutating func checkProxy(_ proxy: ProxyRule) {
        for (index, allowance) in proxy.cards.enumerated() {
            known("proxy.cards[\(index)].cohort", allowance.cohort, in: cohorts)
            range("proxy.cards[\(index)].max", allowance.max, 0...20)
        }
        for (index, relationship) in proxy.relationships.enumerated() {
            known("proxy.relationships[\(index)].cohort", relationship.cohort, in: cohorts)
        }
    }

    private mutating func checkPrices() {
        for name in policy.classes where policy.prices.filter({ $0.class == name }).count != 1 {
            fail("prices", "error_price_missing", ["text": name])
        }
        for (index, price) in policy.prices.enumerated() {
            let path = "prices[\(index)]"
            known("\(path).class", price.class, in: classes)
            switch (price.unit, price.packSize, price.packPrice) {
            case (let unit?, nil, nil):
                if unit > Self.largestPrice { fail("\(path).unit", "error_price") }
            case (nil, let size?, let packPrice?):
                range("\(path).packSize", size, 1...10_000)
                if packPrice > Self.largestPrice { fail("\(path).packPrice", "error_price") }
            default:
                fail(path, "error_price_kind")
            }
        }
        for (index, fee) in policy.fees.enumerated() {
            known("fees[\(index)].channel", fee.channel, in: Set(policy.eligibility.channels))
            if fee.amount > Self.largestPrice { fail("fees[\(index)].amount", "error_price") }
        }
    }
}
