import AmityCore
import Fluent
import Vapor

/// The pages of mutual aid: the board of needs and offers with their forms, a plan to review
/// and answer, and a pledge to follow.
struct AidPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("aid", use: board)
        routes.post("aid", "needs", use: postNeed)
        routes.post("aid", "offers", use: postOffer)
        routes.post("aid", "needs", ":id", "reconfirm", use: reconfirm)
        routes.post("aid", "offers", ":id", "reconfirm", use: reconfirmOffer)
        routes.post("aid", "pledges", use: pledgeFromBoard)
        routes.post("aid", "plans", use: makePlan)
        routes.get("plan-jobs", ":id", use: planJob)
        routes.get("plans", ":id", use: plan)
        routes.post("plans", ":id", "lines", ":line", ":answer", use: answer)
        routes.get("pledges", ":id", use: pledge)
        routes.post("pledges", ":id", ":step", use: step)
    }

    // MARK: The board

    struct BoardContext: Encodable {
        var chrome: PageChrome
        /// `reminder` is set only on the reader's own cities' postings: it shows them the button to reconfirm.
        var needs: [NeedRow]
        var offers: [OfferRow]
        /// The reader's cities' needs and offers that lapsed, to reconfirm what still stands.
        var lapsedNeeds: [NeedDTO]
        var lapsedOffers: [OfferDTO]
        var moreNeeds: String?
        var moreOffers: String?
        var myCities: [CityCard]
        /// What the reader may plan for: their networks' members, their cities' offers (`network:ID`, `city:ID`).
        var planScopes: [FormOption]
        var items: [FormOption]
        var form: FormState
        var campaigns: [CampaignDTO]
        var moreCampaigns: String?
        /// The reader's cities' partners, for whom they may open a campaign.
        var campaignPartners: [FormOption]
    }

    @Sendable func board(req: Request) async throws -> Response {
        try await renderBoard(req, form: FormState())
    }

    func renderBoard(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let aid = AidBoard(request: req)
        let needs = try await aid.needs(page: try req.pageRequest(shape: AidController.shape, parameter: "needs", limit: 50))
        let offers = try await aid.offers(page: try req.pageRequest(shape: AidController.shape, parameter: "offers", limit: 50))
        let campaigns = try await Campaigns(request: req).list(page: try req.pageRequest(shape: Paging.idShape, parameter: "campaigns"))
        let actor = try await req.actor()
        let networks = try await Network.query(on: req.db).filter(\.$id ~~ (actor?.secretariatOf ?? [])).sort(\.$shortName).all()
        let myCities = try await req.officerCityCards()
        let mine = Set(myCities.map(\.id))
        let lapsed = try await aid.lapsed(cityIDs: mine)
        let needRows = try await Self.needRows(needs.items.map { var n = $0; n.reminder = n.reminder && mine.contains(n.city.id); return n },
                                               myCities: mine, form: form, req: req)
        // A pledge refused for a need no longer on this page (met, withdrawn, further on) is said at the top.
        var form = form
        let shown = Set(needRows.map { "pledge_\($0.need.id)" })
        let shownOffers = Set(offers.items.map { "give_\($0.id)" })
        if form.general == nil, let orphan = form.errors.first(where: { ($0.key.hasPrefix("pledge_") && !shown.contains($0.key)) || ($0.key.hasPrefix("give_") && !shownOffers.contains($0.key)) }) {
            form.general = orphan.value
        }
        let partners = try await Self.partnerCities(of: mine, req: req)
        let planScopes = networks.map { FormOption(value: "network:\($0.id ?? "")", label: req.t("plan_network_members", ["network": $0.shortName])) }
            + myCities.map { FormOption(value: "city:\($0.id)", label: req.t("plan_city_offers", ["city": $0.name])) }
        return try await req.render("Aid/board", BoardContext(
            chrome: PageChrome(request: req, title: req.t("aid_title")),
            needs: needRows,
            offers: Self.offerRows(offers.items.map { var o = $0; o.reminder = o.reminder && mine.contains(o.city.id); return o },
                                   myCities: mine, partners: partners, form: form, req: req),
            lapsedNeeds: lapsed.needs, lapsedOffers: lapsed.offers,
            moreNeeds: req.nextPageLink(needs.nextCursor, parameter: "needs"), moreOffers: req.nextPageLink(offers.nextCursor, parameter: "offers"),
            myCities: myCities, planScopes: planScopes,
            items: Catalogue.items.map { FormOption(value: $0.code, label: req.application.catalogue.itemChoice($0, in: req.language)) }, form: form,
            campaigns: campaigns.items, moreCampaigns: req.nextPageLink(campaigns.nextCursor, parameter: "campaigns"),
            campaignPartners: CampaignPages.partnerOptions(of: myCities, partners: partners, req: req)), status: status)
    }

    struct NeedForm: Content { var cityId: Int; var item: String; var quantity: String; var urgency: Int; var deliveryNote: String? }
    /// `availableUntil` is a day (`2026-12-31`), as a date field sends it; the offer stands until that day ends, UTC.
    struct OfferForm: Content { var cityId: Int; var item: String; var quantity: String; var availableUntil: String?; var partnersOnly: String? }

    @Sendable func postNeed(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorizeTarget { $0.forCity }
        let input = try req.decodeBody(NeedForm.self)
        do {
            guard let quantity = Int64(input.quantity) else { throw DomainError.invalid("quantity", key: "error_whole_number") }
            _ = try await AidBoard(request: req).postNeed(PostNeedInput(cityId: input.cityId, item: input.item, quantity: quantity, urgency: input.urgency,
                                                                         neededBy: nil, deliveryNote: input.deliveryNote))
            return req.redirect(to: "/aid?notice=need_posted")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["needQuantity": input.quantity])
            return try await renderBoard(req, form: FormState(values: form.values, errors: form.errors.mapKeys { "need_" + $0 }, general: form.general), status: status)
        }
    }

    @Sendable func postOffer(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorizeTarget { $0.forCity }
        let input = try req.decodeBody(OfferForm.self)
        do {
            var errors: [DomainError.FieldError] = []
            let quantity = Int64(input.quantity)
            if quantity == nil { errors.append(.init(field: "quantity", key: "error_whole_number")) }
            var until: Date?
            if let day = input.availableUntil?.trimmingWhitespace(), !day.isEmpty {
                do { until = try CalendarDay.parse(day, field: "availableUntil").addingTimeInterval(86_400) } catch let DomainError.invalid(fields) { errors += fields }
            }
            guard errors.isEmpty, let quantity else { throw DomainError.invalid(errors) }
            _ = try await AidBoard(request: req).postOffer(PostOfferInput(cityId: input.cityId, item: input.item, quantity: quantity,
                                                                           availableUntil: until, partnersOnly: input.partnersOnly == "on"))
            return req.redirect(to: "/aid?notice=offer_posted")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["offerQuantity": input.quantity, "offerUntil": input.availableUntil ?? ""])
            return try await renderBoard(req, form: FormState(values: form.values, errors: form.errors.mapKeys { "offer_" + $0 }, general: form.general), status: status)
        }
    }

    @Sendable func reconfirm(req: Request) async throws -> Response {
        try req.requireSignedIn()
        _ = try await AidBoard(request: req).reconfirm(needID: try req.intParameter("id", entity: "need"))
        return req.redirect(to: "/aid?notice=need_reconfirmed")
    }

    @Sendable func reconfirmOffer(req: Request) async throws -> Response {
        try req.requireSignedIn()
        _ = try await AidBoard(request: req).reconfirm(offerID: try req.intParameter("id", entity: "offer"))
        return req.redirect(to: "/aid?notice=offer_reconfirmed")
    }

    /// `asOf` is a past day (`2020-04-15`) to replay, as a date field sends it; empty plans from now.
    struct PlanForm: Content { var mode: String?; var asOf: String? }

    /// The board's menu names the scope as `host` (`network:ID` or `city:ID`), read as the policy reads it.
    @Sendable func makePlan(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let target = (try? req.decodeBody(BodyTarget.self)) ?? .none
        let network = target.networkId ?? target.hostNetworkId, city = target.cityId ?? target.hostCityId
        try await req.authorize(network.map { .planForNetwork(networkID: $0) } ?? city.map { .actForCity(cityID: $0) } ?? .holdRole(officer: true, secretariat: true))
        let input = try req.decodeBody(PlanForm.self)
        do {
            let job = try await PlanJobs(request: req).enqueue(MakePlanInput(networkId: network, cityId: network == nil ? city : nil, mode: input.mode, asOf: input.asOf))
            return req.redirect(to: "/plan-jobs/\(job.id)")
        } catch DomainError.invalid(let fields) where fields.allSatisfy({ $0.field == "asOf" }) {
            let (form, status) = try FormState.failed(DomainError.invalid(fields), for: req, values: ["planAsOf": input.asOf ?? ""])
            return try await renderBoard(req, form: FormState(values: form.values, errors: form.errors.mapKeys { "plan_" + $0 }, general: form.general), status: status)
        }
    }

    struct PlanJobContext: Encodable {
        var chrome: PageChrome
        var job: PlanJobDTO
        var state: String
        var waiting: Bool
    }

    /// A plan being made: where it is, refreshing itself until the plan is there to open.
    @Sendable func planJob(req: Request) async throws -> Response {
        let job = try await PlanJobs(request: req).job(id: try req.intParameter("id", entity: "plan job"))
        if let planID = job.planId { return req.redirect(to: "/plans/\(planID)") }
        let t = req.messages, waiting = job.status == PlanJobStatus.queued.rawValue || job.status == PlanJobStatus.running.rawValue
        let state = job.status == PlanJobStatus.running.rawValue ? t["job_\(job.stage)"] ?? job.stage : t["job_\(job.status)"] ?? job.status
        let response = try await req.render("Aid/plan-job", PlanJobContext(
            chrome: PageChrome(request: req, title: "\(t["job_title"] ?? "Making a plan") \(job.id)"), job: job, state: state, waiting: waiting))
        // The Refresh header reloads the page without script, on any phone.
        if waiting { response.headers.replaceOrAdd(name: "Refresh", value: "3") }
        return response
    }

    // MARK: Plans and pledges

    struct PlanContext: Encodable {
        var chrome: PageChrome
        var plan: PlanDTO
        /// What it planned for, by name ("CityNet", "Taichung").
        var scope: String
        /// The plan's totals, grouped as the reader writes numbers.
        var delivered: String, cost: String
        var lines: [LineView]
        var unmet: [UnmetView]
    }

    struct LineView: Encodable {
        var id: Int, donor: String, recipient: String, item: String, quantity: String, unitCost: Int64, reason: String
        var donorAnswer: String?, recipientAnswer: String?, pledgeId: Int?, canAnswer: Bool
    }

    struct UnmetView: Encodable { var city: String; var item: String; var shortfall: String; var reason: String }

    @Sendable func plan(req: Request) async throws -> Response {
        let plan = try await Plans(request: req).plan(id: try req.intParameter("id", entity: "plan"))
        let t = req.messages, language = req.language
        let explanation = try await PlanExplanation(req: req, plan: plan)
        var scope = plan.scopeId
        if plan.scope == "network", let network = try await Network.find(plan.scopeId, on: req.db) { scope = network.shortName }
        if plan.scope == "city", let id = Int(plan.scopeId), let city = try await req.directory.cityRefs(ids: [id])[id] {
            scope = CityCard(city, language: language).name
        }
        let count = { (n: Int64) in n.formatted(.number.grouping(.automatic)) }
        var lines: [LineView] = []
        for l in plan.lines {
            // A plan replaying a past day is a record: nothing in it is for answering.
            let undecided = plan.asOf == nil && (l.donorAnswer == nil || l.recipientAnswer == nil)
            lines.append(LineView(id: l.id, donor: CityCard(l.donor, language: language).name, recipient: CityCard(l.recipient, language: language).name,
                                  item: req.itemName(l.item), quantity: count(l.quantity), unitCost: l.unitCost, reason: explanation.line(l),
                                  donorAnswer: l.donorAnswer.flatMap { t["answer_\($0)"] }, recipientAnswer: l.recipientAnswer.flatMap { t["answer_\($0)"] },
                                  pledgeId: l.pledgeId, canAnswer: undecided ? try await req.can(.actForEitherCity(cityIDs: [l.donor.id, l.recipient.id])) : false))
        }
        return try await req.render("Aid/plan", PlanContext(
            chrome: PageChrome(request: req, title: "\(t["plan_title"] ?? "Plan") \(plan.id)"), plan: plan, scope: scope,
            delivered: count(plan.delivered), cost: count(plan.totalCost), lines: lines,
            unmet: plan.unmet.map { UnmetView(city: CityCard($0.city, language: language).name, item: req.itemName($0.item), shortfall: count($0.shortfall), reason: explanation.unmet($0)) }))
    }

    @Sendable func answer(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let planID = try req.intParameter("id", entity: "plan")
        let answer = req.parameters.get("answer") ?? ""
        guard answer == "accept" || answer == "decline" else { throw DomainError.notFound(entity: "answer", id: answer) }
        _ = try await Plans(request: req).answer(planID: planID, lineID: try req.intParameter("line", entity: "plan line"), accept: answer == "accept")
        return req.redirect(to: "/plans/\(planID)?notice=line_answered")
    }

    struct PledgeContext: Encodable {
        var chrome: PageChrome
        var pledge: PledgeDTO
        var donor: String
        var recipient: String
        var item: String
        var status: String
        var steps: [StepView]
        var form: FormState
    }

    struct StepView: Encodable { var step: String; var label: String }

    @Sendable func pledge(req: Request) async throws -> Response {
        try await renderPledge(req, id: try req.intParameter("id", entity: "pledge"), form: FormState())
    }

    func renderPledge(_ req: Request, id: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let pledge = try await Pledges(request: req).pledge(id: id)
        let current = pledge.status
        var steps: [StepView] = []
        for step in PledgeStep.allCases where (try? PledgeLifecycle.next(after: current, step, delivered: pledge.quantity, quantity: pledge.quantity)) != nil {
            let city = switch step.side {
            case .donor: [pledge.donor.id]
            case .recipient: [pledge.recipient.id]
            case .either: [pledge.donor.id, pledge.recipient.id]
            }
            if try await req.can(.actForEitherCity(cityIDs: city)) {
                steps.append(StepView(step: step.rawValue, label: req.word("step", step.rawValue)))
            }
        }
        return try await req.render("Aid/pledge", PledgeContext(
            chrome: PageChrome(request: req, title: "\(req.t("pledge_title")) \(id)"), pledge: pledge,
            donor: CityCard(pledge.donor, language: req.language).name, recipient: CityCard(pledge.recipient, language: req.language).name,
            item: req.itemName(pledge.item), status: req.word("pledge_status", pledge.status.rawValue), steps: steps, form: form), status: status)
    }

    struct StepForm: Content { var waybill: String?; var mode: String?; var customsStep: String?; var received: String?; var reason: String? }

    @Sendable func step(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "pledge")
        let raw = req.parameters.get("step") ?? ""
        guard let step = PledgeStep(rawValue: raw) else { throw DomainError.notFound(entity: "pledge step", id: raw) }
        let input = (try? req.decodeBody(StepForm.self)) ?? StepForm()
        do {
            let received = try input.received.flatMap { text -> Int64? in
                if text.isEmpty { return nil }
                guard let value = Int64(text) else { throw DomainError.invalid("received", key: "error_whole_number") }
                return value
            }
            _ = try await Pledges(request: req).step(step, pledgeID: id, PledgeStepInput(
                waybill: input.waybill, mode: input.mode, customsStep: input.customsStep, received: received, reason: input.reason))
            return req.redirect(to: "/pledges/\(id)?notice=pledge_updated")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["waybill": input.waybill ?? "", "mode": input.mode ?? "", "received": input.received ?? ""])
            return try await renderPledge(req, id: id, form: form, status: status)
        }
    }
}

extension Dictionary where Key == String {
    func mapKeys(_ transform: (String) -> String) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
