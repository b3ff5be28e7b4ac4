import Fluent
import Foundation

/// A registered person, known by an HMAC of their document number under the instance's key:
/// the number itself is never stored or logged.
final class RegisteredPersonRecord: Model, @unchecked Sendable {
    static let schema = "ration_people"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "programme_id") var programmeID: Int
    @Field(key: "document_key") var documentKey: String
    @Field(key: "document_type") var documentType: String
    /// The document number's last digit, for parity gates.
    @OptionalField(key: "last_digit") var lastDigit: Int?
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    @Field(key: "birth") var birth: String
    /// Comma-separated flags (`disabled`, `longTermCare`).
    @Field(key: "flags") var flags: String
    /// An HMAC of the household registration, for proxy rules that require one.
    @OptionalField(key: "household_key") var householdKey: String?
    /// The district the person is registered in, for the fairness report.
    @Field(key: "district") var district: String
    @Timestamp(key: "created_at", on: .none) var createdAt: Date?

    init() {}
}

/// One decision on a visit under a client-chosen id: a sale, or a refusal with its reasons.
final class SaleRecord: Model, @unchecked Sendable {
    static let schema = "ration_sales"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "programme_id") var programmeID: Int
    /// The id the client chose; the same id always gets the first answer.
    @Field(key: "client_id") var clientID: String
    /// A hash of what was asked, so another body under the same id is a conflict.
    @Field(key: "fingerprint") var fingerprint: String
    @Field(key: "outlet_id") var outletID: Int
    @OptionalField(key: "terminal_id") var terminalID: Int?
    @OptionalField(key: "seller_id") var sellerID: Int?
    @Field(key: "holder_id") var holderID: Int
    @Field(key: "channel") var channel: String
    @Field(key: "at") var at: Date
    @Field(key: "allowed") var allowed: Bool
    /// The version in force at commit; nil when none was.
    @OptionalField(key: "policy_version") var policyVersion: Int?
    /// The decision as answered, JSON.
    @Field(key: "decision") var decision: String
    @OptionalField(key: "reversed_at") var reversedAt: Date?
    @OptionalField(key: "reversal_reason") var reversalReason: String?
    /// A reservation's sale: its lines are quota taken, its stock held until pickup (`ReservationRecord`).
    @Field(key: "holds") var holds: Bool
    /// When a sale made offline reached the server; nil for a sale decided online.
    @OptionalField(key: "received_at") var receivedAt: Date?
    /// The selling terminal's own number for an offline sale, counting from 1.
    @OptionalField(key: "terminal_sequence") var terminalSequence: Int?
    /// An offline sale the rules in force at its time would have refused.
    @Field(key: "over_grant") var overGrant: Bool
    /// An offline sale past the programme's allowance per person and day.
    @Field(key: "beyond_allowance") var beyondAllowance: Bool
    /// Units an offline sale handed over beyond what the outlet's stock recorded.
    @Field(key: "stock_short") var stockShort: Int

    /// A sale decided online: no hold, nothing to reconcile; a row read from the database sets its own.
    init() {
        (holds, overGrant, beyondAllowance, stockShort) = (false, false, false, 0)
    }
}

/// One class bought for one person in a sale: the history quotas count.
final class SaleLineRecord: Model, @unchecked Sendable {
    static let schema = "ration_sale_lines"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "sale_id") var saleID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "class") var `class`: String
    @Field(key: "quantity") var quantity: Int
    /// The price in hundredths of the currency.
    @Field(key: "amount") var amount: Int64
    @Field(key: "channel") var channel: String
    @Field(key: "donated") var donated: Bool
    @Field(key: "at") var at: Date
    @Field(key: "reversed") var reversed: Bool

    init() {}
}
