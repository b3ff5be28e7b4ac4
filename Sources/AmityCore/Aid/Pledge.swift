/// Where a pledge of help stands, from promise to receipt.
public enum PledgeStatus: String, WireValue, Codable {
    public static let wireName = "pledge status", defaultField = "status"

    /// Proposed (by a plan or a donor), waiting for the recipient.
    case tentative
    /// Both cities agreed.
    case confirmed
    /// On its way (waybill, mode, customs step recorded).
    case shipped
    /// Received, in full or in part.
    case delivered
    /// Finished: nothing more will move.
    case closed
    /// Called off, with a reason.
    case cancelled

    /// Whether the pledge still holds part of its offer.
    public var commitsSupply: Bool { self != .cancelled }
}

/// A step in a pledge's life.
public enum PledgeStep: String, WireValue, Codable {
    public static let wireName = "pledge step", defaultField = "step"

    case confirm, ship, deliver, close, cancel

    /// Who may take the step: the donor city, the recipient city, or either.
    public enum Side: Sendable { case donor, recipient, either }

    public var side: Side {
        switch self {
        case .confirm, .deliver: .recipient
        case .ship: .donor
        case .close, .cancel: .either
        }
    }
}

/// The rules of a pledge's life: which step is possible from which status.
public enum PledgeLifecycle {
    /// The status after `step`, or why the step is not possible now.
    public static func next(after status: PledgeStatus, _ step: PledgeStep, delivered: Int64 = 0, quantity: Int64 = 0) throws -> PledgeStatus {
        switch (status, step) {
        case (.tentative, .confirm): return .confirmed
        case (.confirmed, .ship): return .shipped
        // Partial deliveries: the pledge stays shipped until everything has arrived.
        case (.shipped, .deliver): return delivered >= quantity ? .delivered : .shipped
        case (.delivered, .close), (.shipped, .close): return .closed
        case (.tentative, .cancel), (.confirmed, .cancel): return .cancelled
        default:
            throw DomainError.conflict("A \(status.rawValue) pledge cannot be \(step.pastTense).")
        }
    }
}

extension PledgeStep {
    var pastTense: String {
        switch self {
        case .confirm: "confirmed"
        case .ship: "shipped"
        case .deliver: "delivered"
        case .close: "closed"
        case .cancel: "cancelled"
        }
    }
}

/// When a need or an offer lapses: unless its city reconfirms it within `days`, it stops counting.
public struct PostingFreshness: Sendable, Equatable {
    public var days: Int

    public init(days: Int) { self.days = days }

    /// The moment a posting confirmed at `confirmedAt` lapses.
    public func expiry(confirmedAt: Double) -> Double { confirmedAt + Double(days) * 86_400 }

    /// Whether the city should be reminded: less than a fifth of the window left, not yet lapsed.
    public func needsReminder(confirmedAt: Double, now: Double) -> Bool {
        let end = expiry(confirmedAt: confirmedAt)
        return now < end && end - now < Double(days) * 86_400 / 5
    }
}

/// An ISO 4217 currency code.
public struct CurrencyCode: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ text: String, field: String = "currency") throws {
        let upper = text.uppercased()
        guard CurrencyCode.known.contains(upper) else {
            throw DomainError.invalid(field, "'\(text)' is not an ISO 4217 currency code such as USD, EUR or TWD.")
        }
        rawValue = upper
    }

    public var description: String { rawValue }

    static let known: Set<String> = Set("""
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC \
    CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD \
    JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD \
    NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SYP SZL \
    THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL
    """.split(separator: " ").map(String.init))
}
