/// Who is acting, with the verified roles that decide what they may do.
public struct Actor: Sendable, Equatable {
    public var personID: Int
    public var isAdministrator: Bool
    /// Cities this person is a verified officer of.
    public var officerOf: Set<Int>
    /// Networks this person is a verified secretariat member of.
    public var secretariatOf: Set<String>
    /// Rationing programmes this person is a verified manager of.
    public var managerOf: Set<Int>
    /// Whether the person showed they read mail at their address (a link mailed to it was opened).
    public var addressConfirmed: Bool

    public init(personID: Int, isAdministrator: Bool = false, officerOf: Set<Int> = [], secretariatOf: Set<String> = [],
                managerOf: Set<Int> = [], addressConfirmed: Bool = true) {
        self.managerOf = managerOf
        self.personID = personID
        self.isAdministrator = isAdministrator
        self.officerOf = officerOf
        self.secretariatOf = secretariatOf
        self.addressConfirmed = addressConfirmed
    }
}

/// A role a person can ask to hold.
public enum RoleKind: String, WireValue, Codable {
    public static let wireName = "role", defaultField = "role"

    /// Acts for one city (its international-affairs office).
    case officer
    /// Acts for one network's secretariat.
    case secretariat
    /// Runs one rationing programme.
    case manager
}

/// Where a request for a role stands.
public enum RoleRequestStatus: String, WireValue, Codable {
    public static let wireName = "request status", defaultField = "status"

    case pending, verified, refused, revoked
}
