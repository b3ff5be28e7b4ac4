/// Who is acting, with the verified roles that decide what they may do.
public struct Actor: Sendable, Equatable {
    public var personID: Int
    public var isAdministrator: Bool
    /// Cities this person is a verified officer of.
    public var officerOf: Set<Int>
    /// Networks this person is a verified secretariat member of.
    public var secretariatOf: Set<String>

    public init(personID: Int, isAdministrator: Bool = false, officerOf: Set<Int> = [], secretariatOf: Set<String> = []) {
        self.personID = personID
        self.isAdministrator = isAdministrator
        self.officerOf = officerOf
        self.secretariatOf = secretariatOf
    }
}

/// A role a person can ask to hold.
public enum RoleKind: String, CaseIterable, Sendable, Codable {
    /// Acts for one city (its international-affairs office).
    case officer
    /// Acts for one network's secretariat.
    case secretariat

    public init(parsing text: String, field: String = "role") throws {
        guard let kind = RoleKind(rawValue: text) else {
            throw DomainError.invalid(field, "'\(text)' is not a role; use officer or secretariat.")
        }
        self = kind
    }
}

/// Where a request for a role stands.
public enum RoleRequestStatus: String, CaseIterable, Sendable, Codable {
    case pending, verified, refused, revoked
}
