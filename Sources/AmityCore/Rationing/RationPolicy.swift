/// One version of a rationing programme's rules, as data: who may buy, how much in which window,
/// on which days, for whom, at what price. JSON on the wire; `RationRules` is its checked form.
///
/// A version takes effect at `effectiveFrom` in its own time zone and stays in force until the
/// next version's start or its own `until`; once in force it is never edited, only succeeded.
public struct RationPolicy: Codable, Sendable, Equatable {
    /// The version's number within its programme, counting from 1.
    public var version: Int
    /// The local time the version takes effect.
    public var effectiveFrom: LocalDateTime
    /// The local time it stops, when the programme ends rather than changes.
    public var until: LocalDateTime?
    /// The IANA time zone windows and day gates are counted in (`Asia/Taipei`).
    public var timeZone: String
    /// ISO 4217 code of every price.
    public var currency: String
    /// Whether purchases made before this version still count in the window open at its start.
    public var transition: Transition
    /// The goods the policy limits (`adult`, `child`): each is a class of its own quota pools.
    public var classes: [String]
    /// Named groups of people that limits, gates and proxy rules refer to.
    public var cohorts: [Cohort]
    /// Who may buy at all.
    public var eligibility: Eligibility
    /// The independent quotas each person holds; a line counts against every quota of its class.
    public var quotas: [Quota]
    /// The days each person may buy on, when the policy rotates days.
    public var dayGate: DayGate?
    /// Whether and for whom a person may buy with others' cards; absent, nobody may.
    public var proxy: ProxyRule?
    /// The price of each class.
    public var prices: [Price]
    /// Fees per order, by channel.
    public var fees: [Fee]
    /// Whether a person may donate the rest of a window's entitlement.
    public var donation: Bool
    /// What the version changed, in the words of its announcement.
    public var note: String?

    public init(
        version: Int, effectiveFrom: LocalDateTime, until: LocalDateTime? = nil, timeZone: String, currency: String,
        transition: Transition = .reset, classes: [String], cohorts: [Cohort] = [], eligibility: Eligibility,
        quotas: [Quota], dayGate: DayGate? = nil, proxy: ProxyRule? = nil, prices: [Price], fees: [Fee] = [],
        donation: Bool = false, note: String? = nil
    ) {
        (self.version, self.effectiveFrom, self.until, self.timeZone, self.currency) = (version, effectiveFrom, until, timeZone, currency)
        (self.transition, self.classes, self.cohorts, self.eligibility) = (transition, classes, cohorts, eligibility)
        (self.quotas, self.dayGate, self.proxy, self.prices, self.fees) = (quotas, dayGate, proxy, prices, fees)
        (self.donation, self.note) = (donation, note)
    }

    /// What happens at a new version's start to purchases made before it.
    public enum Transition: String, Codable, Sendable, CaseIterable {
        /// They no longer count: every window starts empty.
        case reset
        /// They count in whichever window of the new version holds them.
        case carry
    }
}

/// A named group of people: by birth, age on the day of the visit, and flags.
///
/// A person known only by birth year belongs when the whole year lies within the bounds.
public struct Cohort: Codable, Sendable, Equatable {
    public var name: String
    /// Born on or after this day.
    public var bornFrom: CivilDay?
    /// Born on or before this day.
    public var bornThrough: CivilDay?
    /// At most this many years old on the day of the visit.
    public var ageAtMost: Int?
    /// Carries every one of these flags (`disabled`, `longTermCare`).
    public var flags: [String]?

    public init(name: String, bornFrom: CivilDay? = nil, bornThrough: CivilDay? = nil, ageAtMost: Int? = nil, flags: [String]? = nil) {
        (self.name, self.bornFrom, self.bornThrough, self.ageAtMost, self.flags) = (name, bornFrom, bornThrough, ageAtMost, flags)
    }
}

/// Who may buy: document types and channels.
public struct Eligibility: Codable, Sendable, Equatable {
    /// Document types that entitle their holder (`nhi`, `arc`, `rrn`).
    public var documents: [String]
    /// Channels the policy sells through (`counter`, `preorder`).
    public var channels: [String]

    public init(documents: [String], channels: [String]) { (self.documents, self.channels) = (documents, channels) }
}

/// One quota: limits on the classes of its pools within a window.
public struct Quota: Codable, Sendable, Equatable {
    public var id: String
    public var window: Window
    /// Channels whose purchases count against it; absent, all.
    public var channels: [String]?
    /// Limits by cohort, first match wins; a limit without a cohort matches everyone.
    public var limits: [Limit]

    public init(id: String, window: Window, channels: [String]? = nil, limits: [Limit]) {
        (self.id, self.window, self.channels, self.limits) = (id, window, channels, limits)
    }

    /// Every class one of its pools holds.
    public var classes: Set<String> { Set(limits.flatMap { $0.alternatives.flatMap { $0.flatMap(\.classes) } }) }
}

/// The span of time purchases are summed over.
public struct Window: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The last `days` days up to the visit, sliding.
        case rolling
        /// Fixed cycles of `days` days counted from `epoch`.
        case cycle
        /// Monday to Sunday.
        case calendarWeek
        /// From `from` up to but excluding `until`; nothing can be bought outside it.
        case range
    }

    public var kind: Kind
    public var days: Int?
    /// For `rolling`: whether a purchase still counts on the day `days` after it (7 days from a
    /// Sunday ends on the next Sunday inclusive) — the boundary some readings disagreed on.
    public var boundaryDayCounts: Bool?
    public var epoch: CivilDay?
    public var from: CivilDay?
    public var until: CivilDay?

    public init(kind: Kind, days: Int? = nil, boundaryDayCounts: Bool? = nil, epoch: CivilDay? = nil, from: CivilDay? = nil, until: CivilDay? = nil) {
        (self.kind, self.days, self.boundaryDayCounts, self.epoch, self.from, self.until) = (kind, days, boundaryDayCounts, epoch, from, until)
    }

    public static func rolling(_ days: Int, boundaryDayCounts: Bool = false) -> Window { Window(kind: .rolling, days: days, boundaryDayCounts: boundaryDayCounts) }
    public static func cycle(_ days: Int, from epoch: CivilDay) -> Window { Window(kind: .cycle, days: days, epoch: epoch) }
    public static let calendarWeek = Window(kind: .calendarWeek)
    public static func range(_ from: CivilDay, _ until: CivilDay) -> Window { Window(kind: .range, from: from, until: until) }
}

/// How much of which classes a cohort may take in a window: one set of pools, or exclusive
/// alternatives between sets ("9 adult or 10 child").
public struct Limit: Codable, Sendable, Equatable {
    /// The cohort it applies to; absent, everyone.
    public var cohort: String?
    /// Each alternative is a set of pools; a policy without a choice has one.
    public var alternatives: [[Pool]]
    /// How alternatives combine; required when there are two or more.
    public var semantics: Semantics?

    public init(cohort: String? = nil, pools: [Pool]) { (self.cohort, self.alternatives, self.semantics) = (cohort, [pools], nil) }
    public init(cohort: String? = nil, alternatives: [[Pool]], semantics: Semantics) {
        (self.cohort, self.alternatives, self.semantics) = (cohort, alternatives, semantics)
    }

    public enum Semantics: String, Codable, Sendable, CaseIterable {
        /// The first class bought in a window picks the alternative; everything after must fit it.
        case lockOnFirst
        /// Each alternative is one pool and their shares add up: 4 adult of 9 leaves 5/9 of 10 child.
        case proportional
    }
}

/// A count shared by its classes: "2 masks, adult or child".
public struct Pool: Codable, Sendable, Equatable {
    public var name: String
    public var classes: [String]
    public var max: Int

    public init(_ name: String, classes: [String], max: Int) { (self.name, self.classes, self.max) = (name, classes, max) }
}

/// Rotating days: by the parity of the document number's last digit or by the last digit of the
/// birth year, with days open to all, weekends open to whoever bought nothing on a weekday, and
/// holidays counted as weekends.
public struct DayGate: Codable, Sendable, Equatable {
    public enum Rule: String, Codable, Sendable, CaseIterable {
        /// `odd` and `even` list the weekdays of each parity (0 counts as even).
        case idParity
        /// `digits` lists, for each weekday, the birth-year last digits it serves.
        case birthYearDigit
    }

    public var rule: Rule
    public var odd: [Weekday]?
    public var even: [Weekday]?
    public var digits: [Weekday: [Int]]?
    /// Days anybody may buy on.
    public var openToAll: [Weekday]
    /// Days open to whoever bought nothing on a weekday of the same calendar week.
    public var openIfNothingBoughtThisWeek: [Weekday]
    /// Public holidays of the policy's calendar.
    public var holidays: [CivilDay]
    /// Whether a holiday is treated as a weekend day rather than by its weekday.
    public var holidaysAsWeekend: Bool
    /// Cohorts the gate does not apply to.
    public var exemptCohorts: [String]
    /// Channels the gate does not apply to.
    public var exemptChannels: [String]

    public init(
        rule: Rule, odd: [Weekday]? = nil, even: [Weekday]? = nil, digits: [Weekday: [Int]]? = nil, openToAll: [Weekday] = [],
        openIfNothingBoughtThisWeek: [Weekday] = [], holidays: [CivilDay] = [], holidaysAsWeekend: Bool = false,
        exemptCohorts: [String] = [], exemptChannels: [String] = []
    ) {
        (self.rule, self.odd, self.even, self.digits, self.openToAll) = (rule, odd, even, digits, openToAll)
        (self.openIfNothingBoughtThisWeek, self.holidays, self.holidaysAsWeekend) = (openIfNothingBoughtThisWeek, holidays, holidaysAsWeekend)
        (self.exemptCohorts, self.exemptChannels) = (exemptCohorts, exemptChannels)
    }
}

/// Buying with other people's cards in one visit.
public struct ProxyRule: Codable, Sendable, Equatable {
    /// How many others' cards of each category one visit may hold; a card counts in the first
    /// category whose cohort it belongs to (no cohort: any card).
    public var cards: [CardAllowance]
    /// Who may buy for whom; the first entry whose cohort the beneficiary belongs to decides, and a
    /// beneficiary matching none cannot be bought for.
    public var relationships: [Relationship]
    /// Whose day gate applies to a card bought by proxy.
    public var gateSubject: GateSubject

    public init(cards: [CardAllowance], relationships: [Relationship], gateSubject: GateSubject = .beneficiary) {
        (self.cards, self.relationships, self.gateSubject) = (cards, relationships, gateSubject)
    }

    public struct CardAllowance: Codable, Sendable, Equatable {
        public var cohort: String?
        public var max: Int
        public init(cohort: String? = nil, max: Int) { (self.cohort, self.max) = (cohort, max) }
    }

    public struct Relationship: Codable, Sendable, Equatable {
        public var cohort: String?
        public var requires: Requirement
        public init(cohort: String? = nil, requires: Requirement) { (self.cohort, self.requires) = (cohort, requires) }
    }

    public enum Requirement: String, Codable, Sendable, CaseIterable {
        /// The buyer and the beneficiary share a registered household.
        case sameHousehold
        /// Anyone may buy for them.
        case anyone
    }

    public enum GateSubject: String, Codable, Sendable, CaseIterable {
        case beneficiary, proxy, either
    }
}

/// The price of a class: per unit, or per sealed pack (then only whole packs are sold).
public struct Price: Codable, Sendable, Equatable {
    public var `class`: String
    public var unit: Amount?
    public var packSize: Int?
    public var packPrice: Amount?

    public init(_ class: String, unit: Amount) { (self.class, self.unit, self.packSize, self.packPrice) = (`class`, unit, nil, nil) }
    public init(_ class: String, pack size: Int, price: Amount) { (self.class, self.unit, self.packSize, self.packPrice) = (`class`, nil, size, price) }
}

/// A fee charged once per order in a channel (eMask's NT$7 handling).
public struct Fee: Codable, Sendable, Equatable {
    public var channel: String
    public var amount: Amount
    public init(channel: String, amount: Amount) { (self.channel, self.amount) = (channel, amount) }
}

extension RationPolicy {
    /// Whether `text` can name a class, cohort, channel, document type or flag: 1–40 letters,
    /// digits, `-` or `_`, so names travel in URLs, JSON and CSV unchanged.
    public static func isName(_ text: String) -> Bool { PolicyChecks.isName(text) }
}
