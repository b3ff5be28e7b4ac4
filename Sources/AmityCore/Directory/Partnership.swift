/// What two cities agreed to be to each other.
public enum PartnershipKind: String, WireValue, Codable {
    public static let wireName = "partnership kind", defaultField = "kind"

    case sisterCity = "sister-city"
    case friendshipCity = "friendship-city"
    case cooperationAgreement = "cooperation-agreement"
}

/// Where a partnership stands, as its history says.
public enum PartnershipStatus: String, WireValue, Codable {
    public static let wireName = "partnership status", defaultField = "status"

    case active, suspended, severed
}

/// A dated change in a partnership's life.
public enum PartnershipEventKind: String, WireValue, Codable {
    public static let wireName = "partnership event", defaultField = "kind"

    case signed, suspended, severed, restored
}

/// One entry of a partnership's history: what happened, when (if known) and who says so.
public struct PartnershipEvent: Hashable, Sendable, Codable {
    public var kind: PartnershipEventKind
    /// Unknown only for a signing whose date no source gives.
    public var on: PartialDate?
    public var source: String?
    public var note: String?

    public init(kind: PartnershipEventKind, on: PartialDate?, source: String? = nil, note: String? = nil) {
        self.kind = kind
        self.on = on
        self.source = source
        self.note = note
    }
}

/// The rules of a partnership's history, and the status that follows from it.
///
/// A history starts with its signing; a partnership can be suspended or severed while in force,
/// and restored after either. Every event but the signing carries a date, and dates never go back.
public enum PartnershipHistory {
    /// Orders `events` as they happened and checks every step; returns the resulting status.
    public static func status(of events: [PartnershipEvent]) throws -> PartnershipStatus {
        var status: PartnershipStatus?
        var last: PartialDate?
        for (index, event) in events.enumerated() {
            let field = "history[\(index)]"
            if event.kind != .signed, event.on == nil {
                throw DomainError.invalid(field, "A \(event.kind.rawValue) event needs its date.")
            }
            if let on = event.on {
                if let last, on < last {
                    throw DomainError.invalid(field, "Events must be in date order; \(on) comes before \(last).")
                }
                last = on
            }
            status = try next(after: status, event.kind, field: field)
        }
        guard let status else { throw DomainError.invalid("history", "A partnership's history starts with its signing.") }
        return status
    }

    /// The status as it stood on `day`: events dated after it are left out (a partial date counts
    /// from its earliest day, and a signing without a date as long before). nil before the signing.
    public static func status(of events: [PartnershipEvent], on day: PartialDate) -> PartnershipStatus? {
        var status: PartnershipStatus?
        for event in events where event.on.map({ !(day < $0) }) ?? true {
            status = (try? next(after: status, event.kind, field: "history")) ?? status
        }
        return status
    }

    static func next(after status: PartnershipStatus?, _ kind: PartnershipEventKind, field: String) throws -> PartnershipStatus {
        switch (status, kind) {
        case (nil, .signed): return .active
        case (.active, .suspended): return .suspended
        case (.active, .severed), (.suspended, .severed): return .severed
        case (.suspended, .restored), (.severed, .restored): return .active
        case (nil, _): throw DomainError.invalid(field, "A partnership's history starts with its signing.")
        case (.some(let status), _):
            throw DomainError.invalid(field, "A \(status.rawValue) partnership cannot be \(kind.rawValue).")
        }
    }
}
