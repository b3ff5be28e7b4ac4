/// How a member city voted.
public enum VoteChoice: String, WireValue, Codable {
    public static let wireName = "vote", defaultField = "choice"

    case yes, no, abstain
}

/// How many votes carry a motion.
public enum Majority: String, WireValue, Codable {
    public static let wireName = "majority rule", defaultField = "majority"

    /// More yes than no.
    case simple
    /// At least two yes for every no (two thirds of the votes cast for or against).
    case twoThirds = "two-thirds"
}

/// The count of a vote once its window has closed.
public struct VoteTally: Equatable, Sendable, Codable {
    public enum Outcome: String, Codable, Sendable { case adopted, rejected, noQuorum = "no-quorum" }

    public var yes: Int
    public var no: Int
    public var abstain: Int
    public var members: Int
    /// Whether enough members voted (abstentions count towards the quorum).
    public var quorumMet: Bool
    public var outcome: Outcome

    /// Counts `votes` of an assembly of `members` cities whose quorum is `quorumPercent` of them.
    public init(votes: [VoteChoice], members: Int, quorumPercent: Int, majority: Majority) {
        yes = votes.filter { $0 == .yes }.count
        no = votes.filter { $0 == .no }.count
        abstain = votes.filter { $0 == .abstain }.count
        self.members = members
        // Integer arithmetic: 100 × voted ≥ quorum × members, so 50 % of 7 needs 4.
        quorumMet = members > 0 && 100 * votes.count >= quorumPercent * members
        let carried = switch majority {
        case .simple: yes > no
        case .twoThirds: yes > 0 && yes >= 2 * no
        }
        outcome = !quorumMet ? .noQuorum : carried ? .adopted : .rejected
    }
}
