import Vapor

struct CampaignDTO: Content {
    var id: Int
    var city: CityRefDTO
    var beneficiary: CityRefDTO
    var title: String
    var target: Int64
    var currency: String
    var raised: Int64
    var contributions: [Contribution]
    var createdAt: Date

    /// A gift as the public sees it: the giver's name only where they agreed.
    struct Contribution: Content {
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
