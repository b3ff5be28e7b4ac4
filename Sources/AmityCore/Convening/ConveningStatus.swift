import Foundation

/// Where a joint statement stands. Only `draft` and `open` are stored; an open statement whose
/// signing closed reads as `closed`.
public enum StatementStatus: String, WireValue, Codable {
    public static let wireName = "statement status", defaultField = "status"

    case draft, open, closed

    /// The status a reader sees at `now`.
    public func seen(closesAt: Date?, now: Date) -> StatementStatus {
        self == .open && (closesAt.map { $0 <= now } ?? false) ? .closed : self
    }
}

/// A city's place at an event.
public enum RegistrationStatus: String, WireValue, Codable {
    public static let wireName = "registration status", defaultField = "status"

    case registered, waitlisted, cancelled

    /// Whether the city still counts as coming or waiting.
    public var holdsAPlace: Bool { self != .cancelled }
}

/// Where a motion stands, derived from when its vote closes.
public enum MotionStage: String, WireValue, Codable {
    public static let wireName = "motion stage", defaultField = "stage"

    case proposed, voting, closed

    /// The stage of a motion whose vote closes at `voteClosesAt` (nil: not opened), seen at `now`.
    public init(voteClosesAt: Date?, now: Date) {
        guard let closes = voteClosesAt else { self = .proposed; return }
        self = closes <= now ? .closed : .voting
    }
}
