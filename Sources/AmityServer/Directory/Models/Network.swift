import Fluent
import Foundation

/// A network of cities (C40, UCLG, CityNet, ...), keyed by a short slug.
final class Network: Model, @unchecked Sendable {
    static let schema = "networks"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Field(key: "short_name") var shortName: String
    /// global, regional, national or initiative; checked by `NetworkKind`.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "founded") var founded: Int?
    @OptionalField(key: "website") var website: String?
    @OptionalField(key: "secretariat_city_id") var secretariatCityID: Int?
    @Field(key: "summary") var summary: String

    init() {}
}

/// A city's membership of a network.
final class Membership: Model, @unchecked Sendable {
    static let schema = "memberships"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "network_id") var networkID: String
    @Field(key: "city_id") var cityID: Int
    @Field(key: "role") var role: String
    /// A `PartialDate`, as text.
    @OptionalField(key: "since") var since: String?
    @OptionalField(key: "source") var source: String?
    /// nil while the membership is a secretariat's claim that the city has not confirmed.
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?

    init() {}

    /// The memberships in force: confirmed by the city (or recorded by an administrator). Only
    /// these give a network's secretariat any say over a city.
    static func standing(on database: any Database) -> QueryBuilder<Membership> {
        query(on: database).filter(\.$confirmedAt != nil)
    }
}
