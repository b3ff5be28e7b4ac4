import AmityCore
import Vapor

/// The fields of a request body that name what it acts on, read leniently (a field of the wrong
/// type, or a body that cannot be read at all, names nothing) so the policy can answer before
/// anything else in the body is looked at.
struct BodyTarget: Decodable, Sendable {
    var cityId: Int?
    var networkId: String?
    var hostCityId: Int?
    var hostNetworkId: String?
    var offerId: Int?
    var cities: [Int]?

    static let none = BodyTarget()

    private enum CodingKeys: String, CodingKey { case cityId, networkId, hostCityId, hostNetworkId, offerId, cities, host }

    init() {}

    init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        cityId = try? fields.decodeIfPresent(Int.self, forKey: .cityId)
        networkId = (try? fields.decodeIfPresent(String.self, forKey: .networkId)).flatMap { $0?.isEmpty == false ? $0 : nil }
        hostCityId = try? fields.decodeIfPresent(Int.self, forKey: .hostCityId)
        hostNetworkId = (try? fields.decodeIfPresent(String.self, forKey: .hostNetworkId)).flatMap { $0?.isEmpty == false ? $0 : nil }
        offerId = try? fields.decodeIfPresent(Int.self, forKey: .offerId)
        cities = try? fields.decodeIfPresent([Int].self, forKey: .cities)
        // A page's host menu says `city:ID` or `network:ID`.
        if let host = (try? fields.decodeIfPresent(String.self, forKey: .host)) ?? nil {
            let parts = host.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0] == "city" { hostCityId = Int(parts[1]) }
            if parts.count == 2, parts[0] == "network", !parts[1].isEmpty { hostNetworkId = parts[1] }
        }
    }
}

extension Request {
    /// Authenticate, authorize, then read: asks the policy about what the body names before the
    /// body is decoded or checked, so the wrong person hears 403 whatever else the body holds.
    /// `action` gets the names it could read; with none, it answers `.holdRole(…)`.
    func authorizeTarget(_ action: (BodyTarget) async throws -> Action) async throws {
        let target = (try? decodeBody(BodyTarget.self)) ?? .none
        try await authorize(try await action(target))
    }
}

extension BodyTarget {
    /// A write for the city the body names (`cityId`); naming none, held to being some city's officer.
    var forCity: Action { cityId.map { .actForCity(cityID: $0) } ?? .holdRole(officer: true, secretariat: false) }

    /// A write for the host the body names (`hostCityId` or `hostNetworkId`).
    var forHost: Action {
        hostCityId.map { .actForCity(cityID: $0) } ?? hostNetworkId.map { .actForNetwork(networkID: $0) } ?? .holdRole(officer: true, secretariat: true)
    }
}
