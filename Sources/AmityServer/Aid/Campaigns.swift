import AmityCore
import Fluent
import Vapor

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

struct CreateCampaigns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CampaignRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("city_id", .int64, .required, .references(City.schema, "id"))
            .field("beneficiary_city_id", .int64, .required, .references(City.schema, "id"))
            .field("title", .string, .required)
            .field("target", .int64, .required)
            .field("currency", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(ContributionRecord.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("campaign_id", .int64, .required, .references(CampaignRecord.schema, "id", onDelete: .cascade))
            .field("amount", .int64, .required)
            .field("giver", .string, .required)
            .field("public_credit", .bool, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.createIndex("contributions_campaign", on: ContributionRecord.schema, columns: ["campaign_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ContributionRecord.schema).delete()
        try await database.schema(CampaignRecord.schema).delete()
    }
}

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

/// Campaigns raised by a city's officers for a partner city, and the gifts they record.
struct Campaigns {
    let request: Request
    var db: any Database { request.db }

    func create(_ input: CampaignInput) async throws -> CampaignDTO {
        var errors: [DomainError.FieldError] = []
        var currency: CurrencyCode?
        do { currency = try CurrencyCode(input.currency) } catch let DomainError.invalid(fields) { errors += fields }
        if input.target <= 0 { errors.append(.init(field: "target", message: "Set a target above zero.")) }
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 200 { errors.append(.init(field: "title", message: "Name the campaign (1 to 200 characters).")) }
        let pair = (min(input.cityId, input.beneficiaryCityId), max(input.cityId, input.beneficiaryCityId))
        if try await Partnership.query(on: db).filter(\.$cityAID == pair.0).filter(\.$cityBID == pair.1)
            .filter(\.$status == PartnershipStatus.active.rawValue).first() == nil {
            errors.append(.init(field: "beneficiaryCityId", message: "A city raises money for a partner: these two cities have no active partnership on record."))
        }
        guard errors.isEmpty, let currency else { throw DomainError.invalid(errors) }
        let id = try await request.write(.actForCity(cityID: input.cityId)) { trail, _ in
            let campaign = CampaignRecord()
            (campaign.cityID, campaign.beneficiaryCityID, campaign.title, campaign.target) = (input.cityId, input.beneficiaryCityId, title, input.target)
            (campaign.currency, campaign.createdAt) = (currency.rawValue, trail.now)
            try await campaign.create(on: trail.db)
            try await trail.record("create", "campaign", id: String(campaign.id ?? 0), cityID: input.cityId,
                                   after: ["title": title, "target": "\(input.target)", "currency": currency.rawValue])
            return try campaign.requireID()
        }
        return try await campaign(id: id)
    }

    func contribute(campaignID: Int, _ input: ContributionInput) async throws -> CampaignDTO {
        guard let campaign = try await CampaignRecord.find(campaignID, on: db) else { throw DomainError.notFound(entity: "campaign", id: String(campaignID)) }
        let giver = input.giver.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [DomainError.FieldError] = []
        if input.amount <= 0 { errors.append(.init(field: "amount", message: "A contribution is above zero.")) }
        if giver.isEmpty || giver.count > 200 { errors.append(.init(field: "giver", message: "Say who gave (1 to 200 characters); it is public only with their consent.")) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        try await request.write(.actForCity(cityID: campaign.cityID)) { trail, _ in
            let gift = ContributionRecord()
            (gift.campaignID, gift.amount, gift.giver, gift.publicCredit, gift.at) = (campaignID, input.amount, giver, input.publicCredit ?? false, trail.now)
            try await gift.create(on: trail.db)
            try await trail.record("contribute", "campaign", id: String(campaignID), cityID: campaign.cityID,
                                   after: ["amount": "\(input.amount)", "publicCredit": "\(input.publicCredit ?? false)"])
        }
        return try await self.campaign(id: campaignID)
    }

    func list() async throws -> [CampaignDTO] {
        var all: [CampaignDTO] = []
        for campaign in try await CampaignRecord.query(on: db).sort(\.$id, .descending).limit(100).all() {
            all.append(try await dto(campaign))
        }
        return all
    }

    func campaign(id: Int) async throws -> CampaignDTO {
        guard let campaign = try await CampaignRecord.find(id, on: db) else { throw DomainError.notFound(entity: "campaign", id: String(id)) }
        return try await dto(campaign)
    }

    private func dto(_ c: CampaignRecord) async throws -> CampaignDTO {
        let gifts = try await ContributionRecord.query(on: db).filter(\.$campaignID == c.id ?? 0).sort(\.$id).all()
        let cities = try await CityDirectory(database: db).cityRefs(ids: [c.cityID, c.beneficiaryCityID])
        guard let city = cities[c.cityID], let beneficiary = cities[c.beneficiaryCityID] else { throw DomainError.notFound(entity: "city", id: String(c.cityID)) }
        return CampaignDTO(id: c.id ?? 0, city: city, beneficiary: beneficiary, title: c.title, target: c.target, currency: c.currency,
                           raised: gifts.reduce(0) { $0 + $1.amount },
                           contributions: gifts.map { .init(amount: $0.amount, giver: $0.publicCredit ? $0.giver : nil, at: $0.at) }, createdAt: c.createdAt)
    }
}
