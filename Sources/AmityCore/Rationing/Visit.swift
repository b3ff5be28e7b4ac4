import Foundation

/// A registered person as the rules see them: never the document number itself.
public struct Cardholder: Sendable, Equatable, Codable {
    /// An opaque, stable key (the server's HMAC of the document number).
    public var key: String
    /// The document type (`nhi`, `arc`, `passport`, `rrn`).
    public var document: String
    /// The last digit of the document number, for parity gates.
    public var lastDigit: Int?
    /// The birth date, or its year or month when only that is known.
    public var birth: PartialDate
    /// Flags such as `disabled` or `longTermCare`.
    public var flags: [String]
    /// The registered household, for proxy rules that require one.
    public var household: String?

    public init(key: String, document: String, lastDigit: Int? = nil, birth: PartialDate, flags: [String] = [], household: String? = nil) {
        (self.key, self.document, self.lastDigit, self.birth, self.flags, self.household) = (key, document, lastDigit, birth, flags, household)
    }
}

/// What is asked for one class.
public struct Line: Sendable, Equatable, Codable {
    public var `class`: String
    public var quantity: Int

    public init(_ class: String, _ quantity: Int) { (self.class, self.quantity) = (`class`, quantity) }
}

/// One card presented in a visit and what is asked on it.
public struct Card: Sendable, Equatable, Codable {
    public var person: Cardholder
    public var lines: [Line]

    public init(_ person: Cardholder, _ lines: [Line]) { (self.person, self.lines) = (person, lines) }
}

/// One visit to an outlet (or one order in another channel): the buyer and every card they hold.
public struct Visit: Sendable, Equatable {
    /// Who is buying; their own card, if they buy for themselves, is among `cards`.
    public var holder: Cardholder
    public var cards: [Card]
    public var channel: String
    public var at: Date

    public init(holder: Cardholder, cards: [Card], channel: String = "counter", at: Date) {
        (self.holder, self.cards, self.channel, self.at) = (holder, cards, channel, at)
    }

    /// A visit buying only for oneself.
    public static func own(_ person: Cardholder, _ lines: [Line], channel: String = "counter", at: Date) -> Visit {
        Visit(holder: person, cards: [Card(person, lines)], channel: channel, at: at)
    }
}

/// A purchase already made (or an entitlement donated), as the history the rules count.
public struct Purchase: Sendable, Equatable, Codable {
    /// The beneficiary's key.
    public var person: String
    public var at: Date
    public var `class`: String
    public var quantity: Int
    public var channel: String
    /// True for entitlement given away rather than bought.
    public var donated: Bool

    public init(person: String, at: Date, class: String, quantity: Int, channel: String = "counter", donated: Bool = false) {
        (self.person, self.at, self.class, self.quantity, self.channel, self.donated) = (person, at, `class`, quantity, channel, donated)
    }
}
