import AmityCore
import Foundation

/// What a live entry is about, and what a person can follow: a city, a network, an area, a country.
enum LiveTopic: Hashable, Sendable {
    case city(Int)
    case network(String)
    case area(PolicyArea)
    case country(String)

    /// `city:1668399`, `network:citynet`, `area:vulnerable-groups`, `country:TW`.
    var text: String {
        switch self {
        case .city(let id): "city:\(id)"
        case .network(let id): "network:\(id)"
        case .area(let area): "area:\(area.rawValue)"
        case .country(let code): "country:\(code)"
        }
    }

    init(parsing text: String, field: String = "topic") throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let problem = DomainError.invalid(field, "'\(text)' is not a topic; use city:ID, network:ID, area:AREA or country:CC.")
        guard parts.count == 2, !parts[1].isEmpty, parts[1].count <= 64 else { throw problem }
        switch parts[0] {
        case "city": guard let id = Int(parts[1]) else { throw problem }; self = .city(id)
        case "network":
            guard parts[1].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { throw problem }
            self = .network(parts[1])
        case "area": self = .area(try PolicyArea(parsing: parts[1], field: field))
        case "country": self = .country(try CountryCode(parts[1]).rawValue)
        default: throw problem
        }
    }
}
