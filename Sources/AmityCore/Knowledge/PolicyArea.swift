/// The six areas the OECD used in 2020 to sort what cities did about COVID-19.
public enum PolicyArea: String, WireValue, Codable {
    public static let wireName = "policy area", defaultField = "area"

    case socialDistancing = "social-distancing"
    case workplaceAndCommuting = "workplace-commuting"
    case vulnerableGroups = "vulnerable-groups"
    case serviceDelivery = "service-delivery"
    case economicRecovery = "economic-recovery"
    case publicCommunication = "public-communication"

    /// The English name, as the OECD put it.
    public var title: String {
        switch self {
        case .socialDistancing: "Social distancing and confinement"
        case .workplaceAndCommuting: "Workplace and commuting"
        case .vulnerableGroups: "Vulnerable groups"
        case .serviceDelivery: "Local service delivery and procurement"
        case .economicRecovery: "Business and economic recovery"
        case .publicCommunication: "Communication with the public"
        }
    }
}
