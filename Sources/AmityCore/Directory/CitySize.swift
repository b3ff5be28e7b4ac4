/// How big a city is, in the bands search filters by.
public enum CitySize: String, WireValue, Codable {
    public static let wireName = "city size", defaultField = "size"

    /// Under 100,000 people: the towns where one person does international affairs part time.
    case town
    /// 100,000 to 1 million.
    case city
    /// 1 to 5 million.
    case large
    /// 5 million or more.
    case megacity

    public init(population: Int) {
        switch population {
        case ..<100_000: self = .town
        case ..<1_000_000: self = .city
        case ..<5_000_000: self = .large
        default: self = .megacity
        }
    }
}
