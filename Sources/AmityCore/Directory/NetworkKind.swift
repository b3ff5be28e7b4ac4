/// What sort of body a network is.
public enum NetworkKind: String, CaseIterable, Sendable, Codable {
    /// Worldwide membership (C40, UCLG, Metropolis).
    case global
    /// One region of the world (CityNet, Eurocities).
    case regional
    /// One country's cities (Sister Cities International).
    case national
    /// A campaign, platform or proposed alliance rather than a standing network.
    case initiative

    /// Reads the wire form, naming the accepted values when it does not match.
    public init(parsing text: String, field: String = "kind") throws {
        guard let kind = NetworkKind(rawValue: text) else {
            throw DomainError.invalid(field, "'\(text)' is not a network kind; use one of \(NetworkKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        self = kind
    }
}
