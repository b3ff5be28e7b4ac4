import AmityCore
import Vapor

/// `/api/v1/items`, `needs`, `offers`, `rules`, `pledges`, `campaigns`, `plans` and `ledger`: mutual aid over the API.
struct AidController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("items") { _ in Catalogue.items.map(ItemDTO.init) }
        let needs = routes.grouped("needs")
        needs.get(use: listNeeds)
        needs.post(use: postNeed)
        needs.get(":id", use: need)
        needs.post(":id", "reconfirm", use: reconfirm)
        needs.post(":id", "withdraw", use: withdrawNeed)
        let offers = routes.grouped("offers")
        offers.get(use: listOffers)
        offers.post(use: postOffer)
        offers.get(":id", use: offer)
        offers.post(":id", "reconfirm", use: reconfirmOffer)
        offers.post(":id", "withdraw", use: withdrawOffer)
        routes.get("rules", use: rules)
        routes.post("rules", use: createRule)
        routes.get("rules", ":id") { req in try await NationalRules(request: req).rule(id: try req.intParameter("id", entity: "national rule")) }
        routes.post("rules", ":id", "end", use: endRule)
        routes.post("rules", ":id", "exceptions", use: grantException)
        let pledges = routes.grouped("pledges")
        pledges.get(use: listPledges)
        pledges.get("check", use: checkPledge)
        pledges.post(use: createPledge)
        pledges.get(":id", use: pledge)
        pledges.post(":id", ":step", use: step)
        routes.get("ledger", use: ledger)
        routes.get("ledger", "gifts") { req in
            try await Campaigns(request: req).gifts(cityID: try? req.query.get(Int.self, at: "city"), page: try req.pageRequest(shape: Paging.idShape))
        }
        routes.get("ledger", "totals") { req in try await Campaigns(request: req).totals() }
        routes.get("campaigns") { req in try await Campaigns(request: req).list(page: try req.pageRequest(shape: Paging.idShape)) }
        routes.post("campaigns", use: createCampaign)
        routes.get("campaigns", ":id") { req in try await Campaigns(request: req).campaign(id: try req.intParameter("id", entity: "campaign")) }
        routes.post("campaigns", ":id", "contributions", use: contribute)
        routes.post("plans", use: makePlan)
        routes.get("plans", ":id", use: plan)
        routes.post("plans", ":id", "lines", ":line", ":answer", use: answer)
        routes.get("plan-jobs", ":id") { req in try await PlanJobs(request: req).job(id: try req.intParameter("id", entity: "plan job")) }
    }

    @Sendable func createCampaign(req: Request) async throws -> Response {
        try await req.authorizeTarget { $0.forCity }
        let campaign = try await Campaigns(request: req).create(try req.decodeBody(CampaignInput.self))
        return try await campaign.created(at: "/api/v1/campaigns/\(campaign.id)", for: req)
    }

    @Sendable func contribute(req: Request) async throws -> Response {
        let campaigns = Campaigns(request: req), id = try req.intParameter("id", entity: "campaign")
        try await req.authorize(try await campaigns.writeAction(id: id))
        return try await campaigns.contribute(campaignID: id, try req.decodeBody(ContributionInput.self)).encodeResponse(status: .created, for: req)
    }

    /// 202 with the job in line; with `Prefer: wait=N` (RFC 7240, N ≤ 60), 201 with the plan
    /// itself when it is made within N seconds.
    @Sendable func makePlan(req: Request) async throws -> Response {
        try await req.authorizeTarget { t in
            t.networkId.map { .planForNetwork(networkID: $0) } ?? t.cityId.map { .actForCity(cityID: $0) } ?? .holdRole(officer: true, secretariat: true)
        }
        let jobs = PlanJobs(request: req)
        var job = try await jobs.enqueue(try req.decodeBody(MakePlanInput.self))
        if let wait = req.preferredWait {
            job = try await jobs.job(id: job.id, waiting: wait)
            if let planID = job.planId {
                let response = try await Plans(request: req).plan(id: planID).created(at: "/api/v1/plans/\(planID)", for: req)
                response.headers.replaceOrAdd(name: "Preference-Applied", value: "wait=\(wait)")
                return response
            }
        }
        let response = try await job.encodeResponse(status: .accepted, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/plan-jobs/\(job.id)")
        return response
    }

    @Sendable func plan(req: Request) async throws -> PlanDTO {
        try await Plans(request: req).plan(id: try req.intParameter("id", entity: "plan"))
    }

    /// `accept` or `decline` a line, as its donor's or its recipient's officer.
    @Sendable func answer(req: Request) async throws -> PlanDTO {
        let answer = req.parameters.get("answer") ?? ""
        guard answer == "accept" || answer == "decline" else { throw DomainError.notFound(entity: "answer", id: answer) }
        return try await Plans(request: req).answer(planID: try req.intParameter("id", entity: "plan"),
                                                    lineID: try req.intParameter("line", entity: "plan line"), accept: answer == "accept")
    }

    struct ItemDTO: Content {
        var code: String, name: String, unit: String, category: String
        init(_ item: Item) { (code, name, unit, category) = (item.code, item.name, item.unit, item.category.rawValue) }
    }

    struct ListQuery: Content {
        var city: Int?
        var item: String?
        var lapsed: Bool?
    }

    static let shape: [Cursor.Kind] = [.int]

    @Sendable func listNeeds(req: Request) async throws -> CursorPage<NeedDTO> {
        let q = try req.query.decode(ListQuery.self)
        return try await AidBoard(request: req).needs(cityID: q.city, item: q.item, includeLapsed: q.lapsed ?? false, page: try req.pageRequest(shape: Self.shape))
    }

    @Sendable func postNeed(req: Request) async throws -> Response {
        try await req.authorizeTarget { $0.forCity }
        let need = try await AidBoard(request: req).postNeed(try req.decodeBody(PostNeedInput.self))
        return try await need.created(at: "/api/v1/needs/\(need.id)", for: req)
    }

    @Sendable func need(req: Request) async throws -> NeedDTO {
        try await AidBoard(request: req).need(id: try req.intParameter("id", entity: "need"))
    }

    @Sendable func reconfirm(req: Request) async throws -> NeedDTO {
        try await AidBoard(request: req).reconfirm(needID: try req.intParameter("id", entity: "need"))
    }

    @Sendable func withdrawNeed(req: Request) async throws -> NeedDTO {
        try await AidBoard(request: req).withdrawNeed(try req.intParameter("id", entity: "need"))
    }

    @Sendable func listOffers(req: Request) async throws -> CursorPage<OfferDTO> {
        let q = try req.query.decode(ListQuery.self)
        return try await AidBoard(request: req).offers(cityID: q.city, item: q.item, includeLapsed: q.lapsed ?? false, page: try req.pageRequest(shape: Self.shape))
    }

    @Sendable func reconfirmOffer(req: Request) async throws -> OfferDTO {
        try await AidBoard(request: req).reconfirm(offerID: try req.intParameter("id", entity: "offer"))
    }

    @Sendable func postOffer(req: Request) async throws -> Response {
        try await req.authorizeTarget { $0.forCity }
        let offer = try await AidBoard(request: req).postOffer(try req.decodeBody(PostOfferInput.self))
        return try await offer.created(at: "/api/v1/offers/\(offer.id)", for: req)
    }

    @Sendable func offer(req: Request) async throws -> OfferDTO {
        try await AidBoard(request: req).offer(id: try req.intParameter("id", entity: "offer"))
    }

    @Sendable func withdrawOffer(req: Request) async throws -> OfferDTO {
        try await AidBoard(request: req).withdrawOffer(try req.intParameter("id", entity: "offer"))
    }

    @Sendable func rules(req: Request) async throws -> [RuleDTO] {
        try await NationalRules(request: req).list()
    }

    @Sendable func createRule(req: Request) async throws -> Response {
        try await req.authorize(.manageNationalRules)
        return try await NationalRules(request: req).create(try req.decodeBody(RuleInput.self)).encodeResponse(status: .created, for: req)
    }

    @Sendable func endRule(req: Request) async throws -> RuleDTO {
        try await req.authorize(.manageNationalRules)
        return try await NationalRules(request: req).end(ruleID: try req.intParameter("id", entity: "national rule"), try req.decodeBody(RuleEndInput.self))
    }

    @Sendable func grantException(req: Request) async throws -> Response {
        try await req.authorize(.manageNationalRules)
        let id = try req.intParameter("id", entity: "national rule")
        return try await NationalRules(request: req).grant(ruleID: id, try req.decodeBody(RuleExceptionInput.self)).encodeResponse(status: .created, for: req)
    }

    struct PledgeQuery: Content {
        var city: Int?
        var status: String?
    }

    @Sendable func listPledges(req: Request) async throws -> CursorPage<PledgeDTO> {
        let q = try req.query.decode(PledgeQuery.self)
        return try await Pledges(request: req).list(cityID: q.city, statuses: try q.status.map { [try PledgeStatus(parsing: $0)] },
                                                    page: try req.pageRequest(shape: Self.shape))
    }

    /// `?offerId=&quantity=&needId=` (or `recipientCityId=`) `[&asOf=YYYY-MM-DD]`: would the pledge pass, and if not, why.
    @Sendable func checkPledge(req: Request) async throws -> PledgeCheckDTO {
        struct Query: Decodable { var offerId: Int?; var needId: Int?; var recipientCityId: Int?; var quantity: Int64?; var asOf: String? }
        let query = try req.query.decode(Query.self)
        guard let offerId = query.offerId else { throw DomainError.invalid("offerId", "Name the offer (offerId).") }
        guard let quantity = query.quantity else { throw DomainError.invalid("quantity", key: "error_whole_number") }
        let asOf = try AidPlanner.asOf(query.asOf, now: req.application.clock.now())
        return try await Pledges(request: req).check(PledgeInput(offerId: offerId, needId: query.needId, recipientCityId: query.recipientCityId,
                                                                 quantity: quantity, note: nil), asOf: asOf)
    }

    @Sendable func createPledge(req: Request) async throws -> Response {
        try await req.authorizeTarget { try await Pledges.action(for: $0, on: req.db) }
        let created = try await Pledges(request: req).create(try req.decodeBody(PledgeInput.self))
        return try await created.created(at: "/api/v1/pledges/\(created.id)", for: req)
    }

    @Sendable func pledge(req: Request) async throws -> PledgeDTO {
        try await Pledges(request: req).pledge(id: try req.intParameter("id", entity: "pledge"))
    }

    @Sendable func step(req: Request) async throws -> PledgeDTO {
        let raw = req.parameters.get("step") ?? ""
        guard let step = PledgeStep(rawValue: raw) else { throw DomainError.notFound(entity: "pledge step", id: raw) }
        let input = (try? req.decodeBody(PledgeStepInput.self)) ?? PledgeStepInput()
        return try await Pledges(request: req).step(step, pledgeID: try req.intParameter("id", entity: "pledge"), input)
    }

    /// The public record of what went from whom to whom: every pledge that was shipped.
    @Sendable func ledger(req: Request) async throws -> CursorPage<PledgeDTO> {
        try await Pledges(request: req).list(cityID: try? req.query.get(Int.self, at: "city"), statuses: Ledger.statuses,
                                             page: try req.pageRequest(shape: Self.shape))
    }
}
