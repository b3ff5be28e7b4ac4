import AmityCore
import Fluent
import Vapor

/// Campaigns raised by a city's officers for a partner city, the gifts they record, and the
/// gifts as the public ledger shows them: the giver named only with consent, totals per currency.
struct Campaigns {
    let request: Request
    var db: any Database { request.db }

    /// What is wrong with `input`, field by field (a form adds its own, such as a target that is not a number).
    func problems(_ input: CampaignInput) async throws -> [DomainError.FieldError] {
        var errors: [DomainError.FieldError] = []
        do { _ = try CurrencyCode(input.currency) } catch let DomainError.invalid(fields) { errors += fields }
        if !AidBounds.money.contains(input.target) { errors.append(.init(field: "target", message: "Set a target from 1 to 1,000,000,000,000.")) }
        if let error = DomainError.FieldError.length("title", input.title.trimmingCharacters(in: .whitespacesAndNewlines), max: 200) { errors.append(error) }
        let pair = (min(input.cityId, input.beneficiaryCityId), max(input.cityId, input.beneficiaryCityId))
        if try await Partnership.standing(on: db).filter(\.$cityAID == pair.0).filter(\.$cityBID == pair.1).first() == nil {
            errors.append(.init(field: "beneficiaryCityId", key: "error_campaign_partner"))
        }
        return errors
    }

    func create(_ input: CampaignInput) async throws -> CampaignDTO {
        let errors = try await problems(input)
        guard errors.isEmpty, let currency = try? CurrencyCode(input.currency) else { throw DomainError.invalid(errors) }
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
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
            // The audit keeps whether the giver may be named, never the name of one who may not.
            try await trail.record("contribute", "campaign", id: String(campaignID), cityID: campaign.cityID,
                                   after: ["amount": "\(input.amount)", "publicCredit": "\(input.publicCredit ?? false)"])
            try await trail.announceGift(gift, to: campaign)
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
        var totals = MoneyTotals()
        let currency = try CurrencyCode(c.currency)
        for gift in gifts { totals.add(gift.amount, currency) }
        let raised = totals.amount(in: currency)
        return CampaignDTO(id: c.id ?? 0, city: city, beneficiary: beneficiary, title: c.title, target: c.target, currency: c.currency,
                           raised: raised, raisedExceeds: totals.exceeds(in: currency) ? true : nil, percent: MoneyTotals.percent(raised, of: c.target), note: c.note,
                           contributions: gifts.map { .init(id: $0.id ?? 0, amount: $0.amount, giver: $0.publicCredit ? $0.giver : nil, at: $0.at) },
                           createdAt: c.createdAt)
    }

    // MARK: The ledger's gifts

    /// Every gift, newest first, as the public ledger shows it; with `cityID`, the gifts of that
    /// city's campaigns and those raised for it.
    func gifts(cityID: Int? = nil, page: Paging) async throws -> CursorPage<GiftDTO> {
        let query = ContributionRecord.query(on: db)
        if let cityID {
            let campaigns = try await CampaignRecord.query(on: db).group(.or) { $0.filter(\.$cityID == cityID).filter(\.$beneficiaryCityID == cityID) }.all(\.$id)
            query.filter(\.$campaignID ~~ campaigns.compactMap { $0 })
        }
        return try await page.newestFirst(query) { rows in try await giftDTOs(rows) }
    }

    func giftDTOs(_ rows: [ContributionRecord]) async throws -> [GiftDTO] {
        let campaigns = Dictionary(uniqueKeysWithValues: try await CampaignRecord.query(on: db).filter(\.$id ~~ Set(rows.map(\.campaignID))).all().map { ($0.id ?? 0, $0) })
        let cities = try await CityDirectory(database: db).cityRefs(ids: campaigns.values.flatMap { [$0.cityID, $0.beneficiaryCityID] })
        return rows.compactMap { gift in
            guard let c = campaigns[gift.campaignID], let city = cities[c.cityID], let beneficiary = cities[c.beneficiaryCityID] else { return nil }
            return GiftDTO(id: gift.id ?? 0, campaignId: gift.campaignID, campaign: c.title, city: city, beneficiary: beneficiary,
                           amount: gift.amount, currency: c.currency, giver: gift.publicCredit ? gift.giver : nil, at: gift.at)
        }
    }

    /// All gifts summed per currency, read a page at a time so a long ledger is never held whole.
    func totals() async throws -> [MoneyTotals.Total] {
        let currencies = Dictionary(uniqueKeysWithValues: try await CampaignRecord.query(on: db).all().map { ($0.id ?? 0, $0.currency) })
        var totals = MoneyTotals(), after = 0
        while true {
            let rows = try await ContributionRecord.query(on: db).filter(\.$id > after).sort(\.$id).limit(1_000).all()
            for gift in rows { if let currency = try? CurrencyCode(currencies[gift.campaignID] ?? "") { totals.add(gift.amount, currency) } }
            guard rows.count == 1_000, let last = rows.last?.id else { return totals.all }
            after = last
        }
    }
}
