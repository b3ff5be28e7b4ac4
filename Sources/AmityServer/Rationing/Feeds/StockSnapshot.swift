import AmityCore
import Foundation

/// Where in the stock ledger a snapshot stands: every sale through id `sales` and every stock
/// movement (receipt, adjustment, return) through id `movements`, and nothing after.
struct LedgerCut: Sendable, Equatable, Codable {
    var sales: Int
    var movements: Int

    /// The snapshot's one number: both ids only grow, so among the snapshots of one ledger a
    /// larger number is a later cut, and an equal number the same cut.
    var sequence: Int { sales + movements }
}

/// One outlet as the open feeds publish it: its place and its stock, nothing about a person.
struct FeedOutlet: Sendable, Equatable {
    var code: String, name: String, address: String, phone: String, kind: String, note: String
    var place: Coordinate?
    /// When it sells, when it has said.
    var periods: ServicePeriods? = nil
    /// Units on hand, by class.
    var onHand: [String: Int]
    /// Units held for numbered tickets and pre-orders, by class: on hand, but not for a walk-in.
    var held: [String: Int]

    /// What a walk-in can still get: on hand less held.
    func available(_ name: String) -> Int { max(0, (onHand[name] ?? 0) - (held[name] ?? 0)) }
}

/// A programme's stock as one consistent read of the ledger, test outlets left out: what every
/// feed of that programme is written from.
struct StockSnapshot: Sendable, Equatable {
    /// What a snapshot was read at: the ledger's cut, the count of the outlets' changes and of the
    /// policy versions' (which name the classes and the time zone).
    struct Version: Sendable, Equatable {
        var cut: LedgerCut
        var outlets: Int
        var policies: Int
    }

    var programmeID: Int
    var version: Version
    var cut: LedgerCut { version.cut }
    /// When this stock was read: the feeds' one timestamp for every row.
    var takenAt: Date
    /// The programme's time zone, in which the feeds write that timestamp.
    var zone: TimeZone
    /// The classes the feeds' columns show, in order (Taiwan's: adult, then child).
    var classes: [String]
    /// Sorted by code.
    var outlets: [FeedOutlet]

    /// The same stock and outlets (another cut may show them: a refusal takes a sale id and sells nothing).
    func sameStock(as other: StockSnapshot) -> Bool {
        (programmeID, zone, classes, outlets) == (other.programmeID, other.zone, other.classes, other.outlets)
    }

    /// `YYYY/MM/DD HH:MM:SS` in the programme's time zone, as Taiwan's and Korea's feeds wrote time.
    var localTime: String { Self.localTime(takenAt, in: zone) }

    static func localTime(_ instant: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year ?? 0)/\(two(c.month))/\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }
}
