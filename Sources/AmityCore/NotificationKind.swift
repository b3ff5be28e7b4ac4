/// The kinds of mail Amity sends about what concerns a person's city, network or question; each
/// can be turned off on the account page or by the link in the mail itself.
public enum NotificationKind: String, CaseIterable, Sendable, Codable {
    /// A pledge to or from one's city was made or moved on (shipped, delivered, cancelled).
    case pledgeStep = "pledge-step"
    /// A plan proposes a line one's city must accept or decline.
    case planLine = "plan-line"
    /// A city answered one's question.
    case answer
    /// The vote on a motion of an assembly one's city sits in has opened.
    case voteOpening = "vote-opening"
    /// A statement of one's network, or of a partner city, opened for signature.
    case statementOpen = "statement-open"
    /// One of one's city's needs lapses in two days unless reconfirmed.
    case needLapsing = "need-lapsing"
    /// One of one's city's offers lapses in two days unless reconfirmed.
    case offerLapsing = "offer-lapsing"

    /// The message-key form of the name (`pledge_step`): Leaf reads a hyphen as a minus.
    public var key: String { rawValue.replacingOccurrences(of: "-", with: "_") }
}
