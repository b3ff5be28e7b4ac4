import Fluent
import Foundation

/// Money a city raises for a partner city.
final class CampaignRecord: Model, @unchecked Sendable {
    static let schema = "campaigns"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "beneficiary_city_id") var beneficiaryCityID: Int
    @Field(key: "title") var title: String
    @Field(key: "target") var target: Int64
    @Field(key: "currency") var currency: String
    @Field(key: "created_at") var createdAt: Date
    /// What a reader should know of it, such as that a demo figure is illustrative.
    @OptionalField(key: "note") var note: String?

    init() {}
}

/// One gift to a campaign; the giver is named in public only with their consent.
final class ContributionRecord: Model, @unchecked Sendable {
    static let schema = "contributions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "campaign_id") var campaignID: Int
    @Field(key: "amount") var amount: Int64
    @Field(key: "giver") var giver: String
    @Field(key: "public_credit") var publicCredit: Bool
    @Field(key: "at") var at: Date

    init() {}
}
