import AmityCore
import Fluent
import Foundation

/// A rationing programme: a scarce good handed out at many outlets under rules that change.
final class ProgrammeRecord: Model, @unchecked Sendable {
    static let schema = "ration_programmes"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    /// `city`, `network` or `country`.
    @Field(key: "owner_kind") var ownerKind: String
    @OptionalField(key: "city_id") var cityID: Int?
    @OptionalField(key: "network_id") var networkID: String?
    @OptionalField(key: "country_code") var countryCode: String?
    @Field(key: "note") var note: String
    /// How many terminals one outlet may hold (Korea's fix after the 09:00 login storm: one).
    @Field(key: "terminals_per_outlet") var terminalsPerOutlet: Int
    /// Counts every change of the policy versions, so a cached schedule knows it is stale.
    @Field(key: "revision") var revision: Int
    @Timestamp(key: "created_at", on: .none) var createdAt: Date?
    /// The classes the open feeds' stock columns show, comma-separated in column order (Taiwan's
    /// CSV: adult, then child); nil for the classes of the policy in force.
    @OptionalField(key: "feed_classes") var feedClasses: String?
    /// Counts every change of the programme's outlets (`Outlets.save`): with the ledger's cut, it
    /// tells the feeds whether anything they publish changed.
    @Field(key: "outlets_revision") var outletsRevision: Int
    /// Units a person may be sold a day by an outlet cut off from the central check (I9); 0: none.
    @Field(key: "offline_allowance") var offlineAllowance: Int

    init() {}

    /// Makes the programme `owner`'s.
    func own(by owner: ProgrammeOwner) {
        switch owner {
        case .city(let id): (ownerKind, cityID) = ("city", id)
        case .network(let id): (ownerKind, networkID) = ("network", id)
        case .country(let code): (ownerKind, countryCode) = ("country", code)
        }
    }

    /// Whose programme it is, as the policy asks.
    var owner: ProgrammeOwner {
        switch ownerKind {
        case "city": .city(cityID ?? 0)
        case "network": .network(networkID ?? "")
        default: .country(countryCode ?? "")
        }
    }
}

/// One version of a programme's rules, as the JSON it was given in; never edited once in force.
final class PolicyVersionRecord: Model, @unchecked Sendable {
    static let schema = "ration_policies"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "programme_id") var programmeID: Int
    @Field(key: "version") var version: Int
    @Field(key: "effective_from") var effectiveFrom: Date
    @OptionalField(key: "until") var until: Date?
    @Field(key: "body") var body: String
    @OptionalField(key: "created_by") var createdBy: Int?
    @Timestamp(key: "created_at", on: .none) var createdAt: Date?

    init() {}
}
