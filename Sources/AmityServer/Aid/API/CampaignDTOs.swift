import AmityCore
import Vapor

struct CampaignDTO: Content {
    var id: Int
    var city: CityRefDTO
    var beneficiary: CityRefDTO
    var title: String
    var target: Int64
    var currency: String
    var raised: Int64
    /// Present (true) when the gifts add up to more than `raised`, the largest Amity counts.
    var raisedExceeds: Bool?
    /// How much of the target is raised, in whole percent (past 100 when exceeded).
    var percent: Int
    /// What a reader should know of it, such as that a demo figure is illustrative.
    var note: String?
    var contributions: [Contribution]
    var createdAt: Date

    /// A gift as the public sees it: the giver's name only where they agreed.
    struct Contribution: Content {
        var id: Int
        var amount: Int64
        var giver: String?
        var at: Date
    }
}

struct CampaignInput: Content {
    var cityId: Int
    var beneficiaryCityId: Int
    var title: String
    var target: Int64
    var currency: String
}

struct ContributionInput: Content {
    var amount: Int64
    var giver: String
    var publicCredit: Bool?
}

/// A gift of money as the public ledger shows it: from a campaign's city to its beneficiary,
/// the giver named only where they agreed.
struct GiftDTO: Content {
    var id: Int
    var campaignId: Int
    var campaign: String
    /// The city whose campaign raised it.
    var city: CityRefDTO
    var beneficiary: CityRefDTO
    var amount: Int64
    var currency: String
    var giver: String?
    var at: Date
}

extension MoneyTotals.Total: Content {}
