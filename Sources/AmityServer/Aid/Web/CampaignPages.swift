import AmityCore
import Fluent
import Vapor

/// A campaign on its page: its progress against the target, its gifts (givers named only with
/// consent), and for its city's officers the form that records a gift. Campaigns are opened from
/// the aid board, for one of the reader's cities' partners.
struct CampaignPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("campaigns", ":id", use: campaign)
        routes.post("aid", "campaigns", use: open)
        routes.post("campaigns", ":id", "gifts", use: give)
    }

    struct CampaignContext: Encodable {
        var chrome: PageChrome
        var campaign: CampaignDTO
        var city: String
        var beneficiary: String
        /// "12,500 of 50,000 USD", and the share of the target in whole percent (the bar stops at 100).
        var progress: String
        var bar: Int
        var gifts: [Gift]
        var canGive: Bool
        var form: FormState
        struct Gift: Encodable { var date: String; var amount: String; var giver: String }
    }

    @Sendable func campaign(req: Request) async throws -> Response {
        try await render(req, id: try req.intParameter("id", entity: "campaign"), form: FormState())
    }

    private func render(_ req: Request, id: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let campaign = try await Campaigns(request: req).campaign(id: id)
        let count = { (n: Int64) in n.formatted(.number.grouping(.automatic)) }
        return try await req.render("Aid/campaign", CampaignContext(
            chrome: PageChrome(request: req, title: campaign.title), campaign: campaign,
            city: CityCard(campaign.city, language: req.language).name, beneficiary: CityCard(campaign.beneficiary, language: req.language).name,
            progress: req.t("campaign_progress", ["raised": count(campaign.raised), "target": count(campaign.target), "currency": campaign.currency,
                                                  "percent": String(campaign.percent)]),
            bar: min(campaign.percent, 100),
            gifts: campaign.contributions.reversed().map { .init(date: CalendarDay.text($0.at), amount: "\(count($0.amount)) \(campaign.currency)",
                                                                 giver: $0.giver ?? req.t("gift_unnamed")) },
            canGive: try await req.can(.actForCity(cityID: campaign.city.id)), form: form), status: status)
    }

    struct OpenForm: Content { var cityId: Int; var beneficiaryCityId: String?; var title: String; var target: String; var currency: String }

    @Sendable func open(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorizeTarget { $0.forCity }
        let input = try req.decodeBody(OpenForm.self)
        do {
            let campaigns = Campaigns(request: req)
            let target = Int64(input.target.filter { $0 != "," && $0 != " " })
            let wanted = CampaignInput(cityId: input.cityId, beneficiaryCityId: input.beneficiaryCityId.flatMap { Int($0) } ?? 0, title: input.title,
                                       target: target ?? 1, currency: input.currency)
            // Every field is checked at once, so each error shows beside its field on the first try.
            let errors = (target == nil ? [.init(field: "target", key: "error_whole_number")] : []) + (try await campaigns.problems(wanted))
            guard errors.isEmpty else { throw DomainError.invalid(errors) }
            let campaign = try await campaigns.create(wanted)
            return req.redirect(to: "/campaigns/\(campaign.id)?notice=campaign_opened")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["campaignTitle": input.title, "campaignTarget": input.target,
                                                                                "campaignCurrency": input.currency])
            return try await AidPages().renderBoard(req, form: FormState(values: form.values, errors: form.errors.mapKeys { "campaign_" + $0 }, general: form.general),
                                                    status: status)
        }
    }

    struct GiftForm: Content { var amount: String; var giver: String?; var publicCredit: String? }

    @Sendable func give(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let campaigns = Campaigns(request: req), id = try req.intParameter("id", entity: "campaign")
        try await req.authorize(try await campaigns.writeAction(id: id))
        let input = try req.decodeBody(GiftForm.self)
        do {
            guard let amount = Int64(input.amount.filter { $0 != "," && $0 != " " }) else { throw DomainError.invalid("amount", key: "error_whole_number") }
            _ = try await campaigns.contribute(campaignID: id, ContributionInput(amount: amount, giver: input.giver ?? "", publicCredit: input.publicCredit == "on"))
            return req.redirect(to: "/campaigns/\(id)?notice=gift_recorded")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["amount": input.amount, "giver": input.giver ?? ""])
            return try await render(req, id: id, form: form, status: status)
        }
    }

    /// The reader's cities' partners, each a city a campaign can be opened for ("Cincinnati, partner of New Taipei").
    static func partnerOptions(of cities: [CityCard], partners: [Int: [CityRefDTO]], req: Request) -> [FormOption] {
        cities.flatMap { own in
            (partners[own.id] ?? []).map { partner in
                FormOption(value: String(partner.id), label: req.t("campaign_partner_of", ["partner": CityCard(partner, language: req.language).name, "city": own.name]))
            }
        }
    }
}
