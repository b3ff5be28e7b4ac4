import AmityCore
import Fluent
import Vapor

/// Campaigns raised by a city's officers for a partner city, and the gifts they record.
struct Campaigns {
    let request: Request
    var db: any Database { request.db }

    func create(_ input: CampaignInput) async throws -> CampaignDTO {
        var errors: [DomainError.FieldError] = []
        var currency: CurrencyCode?
        do { currency = try CurrencyCode(input.currency) } catch let DomainError.invalid(fields) { errors += fields }
        if !AidBounds.money.contains(input.target) { errors.append(.init(field: "target", message: "Set a target from 1 to 1,000,000,000,000.")) }
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("title", title, max: 200) { errors.append(error) }
        let pair = (min(input.cityId, input.beneficiaryCityId), max(input.cityId, input.beneficiaryCityId))
        if try await Partnership.standing(on: db).filter(\.$cityAID == pair.0).filter(\.$cityBID == pair.1).first() == nil {
            errors.append(.init(field: "beneficiaryCityId", key: "error_campaign_partner"))
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

    /// What a write to this campaign needs: its city's officer.
    func writeAction(id: Int) async throws -> Action {
        guard let campaign = try await CampaignRecord.find(id, on: db) else { throw DomainError.notFound(entity: "campaign", id: String(id)) }
        return .actForCity(cityID: campaign.cityID)
    }

    func contribute(campaignID: Int, _ input: ContributionInput) async throws -> CampaignDTO {
        guard let campaign = try await CampaignRecord.find(campaignID, on: db) else { throw DomainError.notFound(entity: "campaign", id: String(campaignID)) }
        let giver = input.giver.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [DomainError.FieldError] = []
        if !AidBounds.money.contains(input.amount) { errors.append(.init(field: "amount", key: "error_amount")) }
        if let error = DomainError.FieldError.length("giver", giver, max: 200) { errors.append(error) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        try request.takePost()
        try await request.write(.actForCity(cityID: campaign.cityID)) { trail, _ in
            let gift = ContributionRecord()
            (gift.campaignID, gift.amount, gift.giver, gift.publicCredit, gift.at) = (campaignID, input.amount, giver, input.publicCredit ?? false, trail.now)
            try await gift.create(on: trail.db)
            try await trail.record("contribute", "campaign", id: String(campaignID), cityID: campaign.cityID,
                                   after: ["amount": "\(input.amount)", "publicCredit": "\(input.publicCredit ?? false)"])
        }
        return try await self.campaign(id: campaignID)
    }

    /// Campaigns, newest first.
    func list(page: Paging) async throws -> CursorPage<CampaignDTO> {
        try await page.newestFirst(CampaignRecord.query(on: db)) { rows in
            var all: [CampaignDTO] = []
            for campaign in rows { all.append(try await dto(campaign)) }
            return all
        }
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
                           raised: gifts.map(\.amount).saturatingSum(),
                           contributions: gifts.map { .init(amount: $0.amount, giver: $0.publicCredit ? $0.giver : nil, at: $0.at) }, createdAt: c.createdAt)
    }
}
