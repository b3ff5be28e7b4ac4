import Fluent
import Foundation

/// A named pool that people donate the rest of their entitlement into (Taiwan, April 2020:
/// "Taiwan can help"), which its programme's city can then offer on the mutual-aid board.
final class PoolRecord: Model, @unchecked Sendable {
    static let schema = "ration_pools"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "programme_id") var programmeID: Int
    @Field(key: "name") var name: String
    /// JSON: each class the pool takes, and the aid catalogue's item it becomes (`{"adult":"mask-surgical-adult"}`).
    @Field(key: "items") var items: String
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date
    /// Once offered, the pool takes no more donations.
    @OptionalField(key: "offered_at") var offeredAt: Date?

    init() {}
}

/// What one donation gave a pool, by class: the donation's lines are in its sale (channel `donation`).
final class DonationRecord: Model, @unchecked Sendable {
    static let schema = "ration_donations"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "pool_id") var poolID: Int
    @Field(key: "sale_id") var saleID: Int
    @Field(key: "class") var `class`: String
    @Field(key: "quantity") var quantity: Int
    @Field(key: "at") var at: Date
    /// The aid offer it went into, once its pool was offered.
    @OptionalField(key: "offer_id") var offerID: Int?

    init() {}
}
