import AmityCore
import Fluent
import Foundation

/// A proposed allocation: made by a secretariat for its network or an officer for their city's
/// offers; each line waits for its donor's and recipient's answers.
final class PlanRecord: Model, @unchecked Sendable {
    static let schema = "plans"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// `network` or `city`.
    @Field(key: "scope") var scope: String
    @Field(key: "scope_id") var scopeID: String
    @Field(key: "mode") var mode: String
    @Field(key: "made_by") var madeBy: Int
    @Field(key: "delivered") var delivered: Int64
    @Field(key: "total_cost") var totalCost: Int64
    /// The unmet needs and their reasons, as JSON (`[AllocationPlan.Unmet]`).
    @Field(key: "unmet") var unmet: String
    @Field(key: "created_at") var createdAt: Date
    /// The past date the plan was made as of (its rules, lapses and ties as they stood then); nil for a plan of its day.
    @OptionalField(key: "as_of") var asOf: Date?

    init() {}
}

final class PlanLineRecord: Model, @unchecked Sendable {
    static let schema = "plan_lines"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "plan_id") var planID: Int
    @Field(key: "offer_id") var offerID: Int
    @Field(key: "need_id") var needID: Int
    @Field(key: "quantity") var quantity: Int64
    @Field(key: "unit_cost") var unitCost: Int64
    /// The reason for the pair, as JSON (`AllocationPlan.PairReason`).
    @Field(key: "reason") var reason: String
    /// The nearer supplier's city that a tie (partner or network) was preferred to.
    @OptionalField(key: "nearer_city_id") var nearerCityID: Int?
    /// nil while undecided.
    @OptionalField(key: "donor_answer") var donorAnswer: LineAnswer?
    @OptionalField(key: "recipient_answer") var recipientAnswer: LineAnswer?
    @OptionalField(key: "pledge_id") var pledgeID: Int?

    init() {}
}
