import AmityCore
import Fluent

/// A partnership between two cities; `cityA` is always the smaller id so a pair is stored once.
final class Partnership: Model, @unchecked Sendable {
    static let schema = "partnerships"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "city_a_id") var cityAID: Int
    @Field(key: "city_b_id") var cityBID: Int
    @Field(key: "kind") var kind: String
    /// The signing date as a `PartialDate`, when a source gives it.
    @OptionalField(key: "signed_on") var signedOn: String?
    /// Derived from the history by `PartnershipHistory`; stored so lists can filter on it.
    @Field(key: "status") var status: PartnershipStatus
    @OptionalField(key: "summary") var summary: String?
    /// The city whose officer recorded it, until an officer of the other city confirms; nil once confirmed.
    @OptionalField(key: "claimed_by_city_id") var claimedByCityID: Int?

    init() {}

    /// Partnerships in force: active, and confirmed by both cities. Only these open what partners
    /// may do (campaigns, partners-only offers, the planner's preference); a claim opens nothing.
    static func standing(on database: any Database) -> QueryBuilder<Partnership> {
        query(on: database).filter(\.$status == PartnershipStatus.active).filter(\.$claimedByCityID == nil)
    }

    /// Each of `cities` with the ids of its partners in force, in id order.
    static func partners(of cities: Set<Int>, on database: any Database) async throws -> [Int: [Int]] {
        guard !cities.isEmpty else { return [:] }
        let ties = try await standing(on: database).group(.or) { $0.filter(\.$cityAID ~~ cities).filter(\.$cityBID ~~ cities) }.all()
        var partners: [Int: [Int]] = [:]
        for (own, other) in ties.flatMap({ [($0.cityAID, $0.cityBID), ($0.cityBID, $0.cityAID)] }) where cities.contains(own) {
            partners[own, default: []].append(other)
        }
        return partners.mapValues { $0.sorted() }
    }
}

/// One dated event of a partnership's history, in order of `position`.
final class PartnershipEventRecord: Model, @unchecked Sendable {
    static let schema = "partnership_events"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "partnership_id") var partnershipID: Int
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: String
    @OptionalField(key: "on") var on: String?
    @OptionalField(key: "source") var source: String?
    @OptionalField(key: "note") var note: String?
    /// As for the partnership: who claims this event until the other city confirms it.
    @OptionalField(key: "claimed_by_city_id") var claimedByCityID: Int?

    init() {}
}
