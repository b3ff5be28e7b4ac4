/// Where a need or an offer on the mutual-aid board stands.
///
/// A need that lapsed is still `open`: lapsing depends on its confirmation date and the clock,
/// so it is computed when read, never stored.
public enum PostingStatus: String, WireValue, Codable {
    public static let wireName = "posting status", defaultField = "status"

    /// On the board, counted by plans (a need until it lapses).
    case open
    /// A need that received all it asked for.
    case met
    /// Taken down by its city.
    case withdrawn
}

/// A city's answer to one line of a plan.
public enum LineAnswer: String, WireValue, Codable {
    public static let wireName = "answer", defaultField = "accept"

    case accepted, declined
}
