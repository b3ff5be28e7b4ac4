/// What sort of body a network is.
public enum NetworkKind: String, WireValue, Codable {
    public static let wireName = "network kind", defaultField = "kind"

    /// Worldwide membership (C40, UCLG, Metropolis).
    case global
    /// One region of the world (CityNet, Eurocities).
    case regional
    /// One country's cities (Sister Cities International).
    case national
    /// A campaign, platform or proposed alliance rather than a standing network.
    case initiative
}
