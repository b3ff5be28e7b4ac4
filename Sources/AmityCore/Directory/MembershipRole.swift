/// A city's place in a network.
public enum MembershipRole: String, WireValue, Codable {
    public static let wireName = "membership role", defaultField = "role"

    case member, founder, chair, coPresident = "co-president", observer
}
