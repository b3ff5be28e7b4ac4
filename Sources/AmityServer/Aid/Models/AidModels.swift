import AmityCore
import Fluent
import Foundation

/// What a city asks for. It lapses unless its city reconfirms it in time.
final class NeedRecord: Model, @unchecked Sendable {
    static let schema = "needs"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "item") var item: String
    @Field(key: "quantity") var quantity: Int64
    @Field(key: "urgency") var urgency: Int
    @OptionalField(key: "needed_by") var neededBy: Date?
    @OptionalField(key: "delivery_note") var deliveryNote: String?
    /// A lapsed need is `open` with an old `confirmed_at`.
    @Field(key: "status") var status: PostingStatus
    @Field(key: "confirmed_at") var confirmedAt: Date
    /// When its city was told it lapses soon; a later confirmation earns a new warning.
    @OptionalField(key: "lapse_warned_at") var lapseWarnedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    /// What a reader should know of it, such as that a demo figure is illustrative.
    @OptionalField(key: "note") var note: String?

    init() {}
}

/// What a city can give; `committed` is what pledges hold of it, never more than `quantity`.
/// Like a need, it lapses unless its city reconfirms it in time.
final class OfferRecord: Model, @unchecked Sendable {
    static let schema = "offers"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "item") var item: String
    @Field(key: "quantity") var quantity: Int64
    @Field(key: "committed") var committed: Int64
    @OptionalField(key: "available_until") var availableUntil: Date?
    @Field(key: "partners_only") var partnersOnly: Bool
    @Field(key: "status") var status: PostingStatus
    /// A lapsed offer is `open` with an old `confirmed_at`.
    @Field(key: "confirmed_at") var confirmedAt: Date
    /// When its city was told it lapses soon; a later confirmation earns a new warning.
    @OptionalField(key: "lapse_warned_at") var lapseWarnedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    /// What a reader should know of it, such as that a demo figure is illustrative.
    @OptionalField(key: "note") var note: String?

    init() {}

    /// Open offers that still count at `now`: confirmed within `days` and not past their "available until".
    static func standing(on database: any Database, at now: Date, days: Int) -> QueryBuilder<OfferRecord> {
        query(on: database).filter(\.$status == .open)
            .filter(\.$confirmedAt > now.addingTimeInterval(-Double(days) * 86_400))
            .group(.or) { $0.filter(\.$availableUntil == nil).filter(\.$availableUntil > now) }
    }
}

/// A national rule as stored; `NationalRule` is its domain form.
final class RuleRecord: Model, @unchecked Sendable {
    static let schema = "national_rules"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "country_code") var countryCode: String
    @OptionalField(key: "item") var item: String?
    @OptionalField(key: "category") var category: String?
    @Field(key: "kind") var kind: String
    @Field(key: "from") var from: Date
    @OptionalField(key: "until") var until: Date?
    @OptionalField(key: "source") var source: String?
    @Field(key: "title") var title: String

    init() {}
}

/// A promise of help from one city to another, followed to its receipt.
final class PledgeRecord: Model, @unchecked Sendable {
    static let schema = "pledges"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @OptionalField(key: "offer_id") var offerID: Int?
    @OptionalField(key: "need_id") var needID: Int?
    @Field(key: "donor_city_id") var donorCityID: Int
    @Field(key: "recipient_city_id") var recipientCityID: Int
    @Field(key: "item") var item: String
    @Field(key: "quantity") var quantity: Int64
    @Field(key: "status") var status: PledgeStatus
    @OptionalField(key: "waybill") var waybill: String?
    @OptionalField(key: "mode") var mode: String?
    @OptionalField(key: "customs_step") var customsStep: String?
    @Field(key: "received") var received: Int64
    @OptionalField(key: "cancel_reason") var cancelReason: String?
    @OptionalField(key: "note") var note: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// Leave a national government gave one city to send some quantity despite a rule. Where help
/// went through and the sources do not say who allowed it, `grantedBy` is nil: the record says
/// that it is not known rather than guess.
final class RuleExceptionRecord: Model, @unchecked Sendable {
    static let schema = "rule_exceptions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "rule_id") var ruleID: Int
    @Field(key: "city_id") var cityID: Int
    @Field(key: "quantity") var quantity: Int64
    @OptionalField(key: "granted_by") var grantedBy: String?
    @OptionalField(key: "granted_on") var grantedOn: Date?
    @OptionalField(key: "source") var source: String?
    @OptionalField(key: "note") var note: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
