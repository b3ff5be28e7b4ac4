/// A city's place in a network.
public enum MembershipRole: String, CaseIterable, Sendable, Codable {
    case member, founder, chair, coPresident = "co-president", observer

    /// Reads the wire form, naming the accepted values when it does not match.
    public init(parsing text: String, field: String = "role") throws {
        guard let role = MembershipRole(rawValue: text) else {
            throw DomainError.invalid(field, "'\(text)' is not a membership role; use one of \(MembershipRole.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        self = role
    }
}
