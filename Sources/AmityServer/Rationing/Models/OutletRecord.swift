import Fluent
import Foundation

/// A place that sells: a pharmacy, a health centre, a post office.
final class OutletRecord: Model, @unchecked Sendable {
    static let schema = "ration_outlets"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "programme_id") var programmeID: Int
    /// The outlet's own code, kept as text with its leading zeros (Taiwan's NHI codes).
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "address") var address: String
    @Field(key: "phone") var phone: String
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    /// `pharmacy`, `health-centre`, `post-office`, …
    @Field(key: "kind") var kind: String
    /// A test outlet ("臺北虛擬診所"): sells in tests, never appears in a public feed.
    @Field(key: "is_test") var isTest: Bool
    @Field(key: "note") var note: String
    /// When it sells (`ServicePeriods.code`), nil while it has not said.
    @OptionalField(key: "service_periods") var servicePeriods: String?
    @Timestamp(key: "created_at", on: .none) var createdAt: Date?

    init() {}
}

/// What an outlet has on hand of one class: receipts confirmed, less sales and adjustments.
final class StockRecord: Model, @unchecked Sendable {
    static let schema = "ration_stock"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "outlet_id") var outletID: Int
    @Field(key: "class") var `class`: String
    @Field(key: "on_hand") var onHand: Int
    /// Of what is on hand, what numbered tickets and pre-orders hold: not for a walk-in.
    @Field(key: "held") var held: Int

    init() {}
}

/// A delivery to an outlet, or an entry of the stock ledger: a delivery's receipt, an adjustment
/// (breakage, loss) or a reversed sale's return.
final class StockMovementRecord: Model, @unchecked Sendable {
    static let schema = "ration_stock_movements"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "outlet_id") var outletID: Int
    /// `delivery` (announced, no stock yet), `receipt`, `adjustment` (taken off), `return`, or for
    /// reservations `pickup` (handed over: on hand and held go down) and `release` (held goes down).
    @Field(key: "kind") var kind: String
    @Field(key: "class") var `class`: String
    /// Units delivered, received, taken off or returned.
    @Field(key: "quantity") var quantity: Int
    @Field(key: "note") var note: String
    @OptionalField(key: "created_by") var createdBy: Int?
    @Timestamp(key: "created_at", on: .none) var createdAt: Date?
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    /// Who confirmed: `terminal:<id>` or `person:<id>`.
    @OptionalField(key: "confirmed_by") var confirmedBy: String?

    init() {}
}

/// An outlet's terminal: an API token that sells at that outlet and nowhere else.
final class TerminalRecord: Model, @unchecked Sendable {
    static let schema = "ration_terminals"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "outlet_id") var outletID: Int
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "prefix") var prefix: String
    @OptionalField(key: "created_by") var createdBy: Int?
    @Timestamp(key: "created_at", on: .none) var createdAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}
