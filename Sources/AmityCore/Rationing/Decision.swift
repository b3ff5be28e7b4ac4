/// The answer to a visit: allowed with its price, or denied with every reason.
public struct RationDecision: Sendable, Equatable, Codable {
    /// The version the decision was made under (nil when none was in force).
    public var policyVersion: Int?
    public var allowed: Bool { reasons.isEmpty }
    /// Each card's lines with their prices, when allowed.
    public var lines: [PricedLine]
    public var fee: Amount
    public var total: Amount
    public var currency: String?
    /// Why not, every reason at once; empty when allowed.
    public var reasons: [Reason]

    static func deny(_ reasons: [Reason], version: Int?) -> RationDecision {
        RationDecision(policyVersion: version, lines: [], fee: .zero, total: .zero, currency: nil, reasons: reasons)
    }

    /// The codes of the reasons, for tests and logs.
    public var codes: [Reason.Code] { reasons.map(\.code) }

    enum CodingKeys: String, CodingKey { case policyVersion, allowed, lines, fee, total, currency, reasons }

    public init(policyVersion: Int?, lines: [PricedLine], fee: Amount, total: Amount, currency: String?, reasons: [Reason]) {
        (self.policyVersion, self.lines, self.fee, self.total, self.currency, self.reasons) = (policyVersion, lines, fee, total, currency, reasons)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        policyVersion = try c.decodeIfPresent(Int.self, forKey: .policyVersion)
        lines = try c.decode([PricedLine].self, forKey: .lines)
        fee = try c.decode(Amount.self, forKey: .fee)
        total = try c.decode(Amount.self, forKey: .total)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        reasons = try c.decode([Reason].self, forKey: .reasons)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(policyVersion, forKey: .policyVersion)
        try c.encode(allowed, forKey: .allowed)
        try c.encode(lines, forKey: .lines)
        try c.encode(fee, forKey: .fee)
        try c.encode(total, forKey: .total)
        try c.encode(currency, forKey: .currency)
        try c.encode(reasons, forKey: .reasons)
    }
}

/// One line of an allowed visit with its price.
public struct PricedLine: Sendable, Equatable, Codable {
    /// The index of the card in the visit.
    public var card: Int
    public var `class`: String
    public var quantity: Int
    public var amount: Amount

    public init(card: Int, class name: String, quantity: Int, amount: Amount) {
        (self.card, self.class, self.quantity, self.amount) = (card, name, quantity, amount)
    }
}

/// Why a visit is denied, as data: a code and the values its sentence names.
public struct Reason: Sendable, Equatable, Codable {
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// No version of the programme is in force at that time.
        case noPolicy
        /// The channel is not one the policy sells through.
        case ineligibleChannel
        /// The card's document type does not entitle its holder.
        case ineligibleDocument
        /// The card's holder may not take this class.
        case ineligibleCohort
        /// A class the policy does not know.
        case unknownClass
        /// A quantity below 1 or absurdly large, or a card with no lines.
        case quantity
        /// The day is not the card's day.
        case dayGate
        /// A window's limit would be exceeded.
        case limit
        /// Exclusive alternatives would be mixed in one window.
        case alternatives
        /// The quota's window is not open on that day.
        case windowClosed
        /// More cards of a category than one visit may hold.
        case proxyLimit
        /// The buyer may not buy for this card's holder.
        case relationship
        /// The same card twice in one visit.
        case duplicateCard
        /// A packed class asked for in other than whole packs.
        case packSize
        /// Less on hand at the outlet than asked.
        case noStock
        /// Donation is not open under this version.
        case donationClosed
    }

    public var code: Code
    /// The index of the card in the visit it concerns.
    public var card: Int?
    public var `class`: String?
    public var quota: String?
    public var pool: String?
    public var used: Int?
    public var asked: Int?
    public var max: Int?
    /// The last day the limit binds (the window's end, or when the oldest purchase stops counting).
    public var windowEnds: CivilDay?
    /// The first day of the window.
    public var windowStarts: CivilDay?
    public var document: String?
    public var channel: String?
    public var cohort: String?
    /// For a day gate: whose day it was judged on.
    public var subject: ProxyRule.GateSubject?
    /// For a day gate: whom the day serves (`even`, `odd`, or birth-year digits `1,6`).
    public var todayFor: String?
    /// For a day gate: the days the card may buy on.
    public var days: [Weekday]?

    public init(_ code: Code) { self.code = code }
}
