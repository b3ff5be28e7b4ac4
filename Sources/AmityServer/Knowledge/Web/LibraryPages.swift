import AmityCore
import Fluent
import Vapor

/// The library's pages: search with filters and counts, a practice in the reader's language,
/// the forms to write and submit a practice, and the moderation queue.
struct LibraryPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("library", use: library)
        routes.get("practices", "new", use: newPractice)
        routes.post("practices", use: createPractice)
        routes.get("practices", ":id", use: practice)
        routes.post("practices", ":id", "translations", use: translate)
        routes.post("practices", ":id", ":step", use: step)
        routes.get("moderation", use: moderation)
    }

    // MARK: Library

    struct LibraryContext: Encodable {
        var chrome: PageChrome
        var q: String
        var results: SearchResultsDTO
        var hits: [HitView]
        var facets: [FacetGroup]
        var active: [FacetLink]
        var next: String?
        var areas: [FormOption]
        var feed: String
        /// The topic a reader can follow from here: the chosen area, city or network.
        var followTopic: String?
        var followLabel: String?
    }

    struct HitView: Encodable { var href: String; var title: String; var summary: String; var city: String?; var area: String?; var kind: String; var language: String }
    struct FacetGroup: Encodable { var label: String; var links: [FacetLink] }
    struct FacetLink: Encodable { var label: String; var count: Int; var href: String; var active: Bool }

    static let filters = ["kind", "area", "language", "country", "size", "city", "network", "from", "until"]

    @Sendable func library(req: Request) async throws -> Response {
        let t = req.messages
        let results = try await Library(request: req).search()
        var components = URLComponents(string: req.url.string) ?? URLComponents()
        components.path = "/library"
        let current = (components.queryItems ?? []).filter { $0.name != "cursor" && $0.name != "lang" && !($0.value ?? "").isEmpty }
        func href(_ name: String, _ value: String?) -> String {
            var c = URLComponents()
            c.path = "/library"
            c.queryItems = current.filter { $0.name != name } + (value.map { [URLQueryItem(name: name, value: $0)] } ?? [])
            return c.string ?? "/library"
        }
        func label(_ name: String, _ value: String) -> String {
            switch name {
            case "area": t["area_" + value] ?? value
            case "kind": t["kind_" + value] ?? value
            case "size": t["size_" + value] ?? value
            default: value
            }
        }
        func group(_ name: String, _ counts: [FacetCount]) -> FacetGroup {
            let chosen = current.first { $0.name == name }?.value
            return FacetGroup(label: t["filter_" + name] ?? name, links: counts.prefix(12).map {
                FacetLink(label: label(name, $0.value), count: $0.count, href: href(name, $0.value == chosen ? nil : $0.value), active: $0.value == chosen)
            })
        }
        let facets = [group("kind", results.facets.kind), group("area", results.facets.area), group("language", results.facets.language),
                      group("country", results.facets.country), group("size", results.facets.size)].filter { !$0.links.isEmpty }
        let active = current.filter { Self.filters.contains($0.name) }.map {
            FacetLink(label: (t["filter_" + $0.name] ?? $0.name) + ": " + label($0.name, $0.value ?? ""), count: 0, href: href($0.name, nil), active: true)
        }
        var next: String?
        if let cursor = results.nextCursor {
            var c = URLComponents()
            c.path = "/library"
            c.queryItems = current + [URLQueryItem(name: "cursor", value: cursor)]
            next = c.string
        }
        let hits = results.items.map { hit in
            HitView(href: hit.kind == "question" ? "/questions/\(hit.id)" : "/practices/\(hit.id)", title: hit.title, summary: hit.summary,
                    city: hit.city.map { CityCard($0, language: req.language).name }, area: hit.area.map { label("area", $0) },
                    kind: label("kind", hit.kind), language: hit.language)
        }
        let q = (try? req.query.get(String.self, at: "q")) ?? ""
        let area = current.first { $0.name == "area" }?.value
        let follow: (topic: String, label: String)? = if let area { ("area:\(area)", label("area", area)) }
            else if let city = current.first(where: { $0.name == "city" })?.value { ("city:\(city)", "") }
            else if let network = current.first(where: { $0.name == "network" })?.value { ("network:\(network)", network) }
            else { nil }
        return try await req.render("Knowledge/library", LibraryContext(
            chrome: PageChrome(request: req, title: t["library_title"] ?? "Library"), q: q, results: results, hits: hits, facets: facets,
            active: active, next: next,
            areas: PolicyArea.allCases.map { FormOption(value: $0.rawValue, label: label("area", $0.rawValue), selected: $0.rawValue == area) },
            feed: area.map { "/feeds/areas/\($0).atom" } ?? "/feeds/live.atom", followTopic: follow?.topic, followLabel: follow?.label))
    }

    // MARK: A practice

    struct PracticeContext: Encodable {
        var chrome: PageChrome
        var practice: PracticeDTO
        var shown: Shown
        var versions: [FacetLink]
        var area: String
        var outdated: Bool
        var steps: [StepView]
        var canTranslate: Bool
        var form: FormState
        var languages: [FormOption]
        var dates: Dates
    }

    struct Dates: Encodable { var published: String?, started: String?, validUntil: String? }

    static func day(_ date: Date?) -> String? { date.map(CalendarDay.text) }

    /// The text the reader sees: the original, or a translation into their language, saying which.
    struct Shown: Encodable {
        var title: String, summary: String, bodyHtml: String, language: String
        var translated: Bool, machine: Bool, by: String?
    }

    struct StepView: Encodable { var step: String; var label: String; var needsReason: Bool; var asksDate: Bool }

    @Sendable func practice(req: Request) async throws -> Response {
        try await renderPractice(req, id: try req.intParameter("id", entity: "practice"), form: FormState())
    }

    func renderPractice(_ req: Request, id: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let practices = Practices(request: req)
        let practice = try await practices.practice(id: id)
        let row = try await practices.find(id)
        let wanted = (try? req.query.get(String.self, at: "version")) ?? req.language.isoCode
        let translation = practice.translations.first { $0.language == wanted }
        let shown = translation.map { Shown(title: $0.title, summary: $0.summary, bodyHtml: $0.bodyHtml, language: $0.language, translated: true,
                                             machine: $0.origin == TranslationOrigin.machine.rawValue, by: $0.by) }
            ?? Shown(title: practice.title, summary: practice.summary, bodyHtml: practice.bodyHtml, language: practice.language,
                     translated: false, machine: false, by: nil)
        let versions = [FacetLink(label: practice.language, count: 0, href: "/practices/\(id)?version=\(practice.language)", active: !shown.translated)]
            + practice.translations.map { FacetLink(label: $0.language, count: 0, href: "/practices/\(id)?version=\($0.language)", active: $0.language == shown.language && shown.translated) }
        let networks = try await practices.moderatingNetworks(row)
        let state = practice.status
        var steps: [StepView] = []
        for step in PracticeStep.allCases where (try? PracticeWorkflow.next(after: state, step)) != nil {
            let action: Action = step.byCity ? .actForCity(cityID: row.cityID) : .moderatePractice(networksOfCity: networks)
            guard try await req.can(action) else { continue }
            if step == .confirm, practice.freshness != PracticeFreshness.possiblyOutdated.rawValue, practice.validUntil == nil { continue }
            steps.append(StepView(step: step.rawValue, label: req.word("practice_step", step.rawValue),
                                  needsReason: step.needsReason, asksDate: step == .confirm))
        }
        let canTranslate = try await req.can(.translatePractice(cityID: row.cityID, networksOfCity: networks))
        return try await req.render("Knowledge/practice", PracticeContext(
            chrome: PageChrome(request: req, title: shown.title), practice: practice, shown: shown, versions: versions,
            area: req.word("area", practice.area),
            outdated: practice.freshness == PracticeFreshness.possiblyOutdated.rawValue && practice.status == PracticeStatus.published,
            steps: steps, canTranslate: canTranslate, form: form,
            languages: ["en", "zh", "ja", "ko", "fr", "es", "de", "it", "pt", "ar", "ru"].map { FormOption(value: $0, label: $0) },
            dates: Dates(published: Self.day(practice.publishedAt), started: Self.day(practice.startedOn), validUntil: Self.day(practice.validUntil))),
            status: status)
    }

    struct StepForm: Content { var reason: String?; var validUntil: String? }

    @Sendable func step(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "practice")
        let raw = req.parameters.get("step") ?? ""
        guard let step = PracticeStep(rawValue: raw) else { throw DomainError.notFound(entity: "practice step", id: raw) }
        let input = try req.decodeBody(StepForm.self)
        do {
            let until = try input.validUntil?.nilIfEmpty.map { try CalendarDay.parse($0, field: "validUntil") }
            _ = try await Practices(request: req).step(step, id: id, PracticeStepInput(reason: input.reason, validUntil: until))
            return req.redirect(to: "/practices/\(id)?notice=practice_\(step.rawValue)")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["reason": input.reason ?? ""])
            return try await renderPractice(req, id: id, form: form, status: status)
        }
    }

    struct TranslationForm: Content { var language: String; var title: String; var summary: String; var body: String; var origin: String? }

    @Sendable func translate(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "practice")
        try await req.authorize(try await Practices(request: req).translationAction(id: id))
        let input = try req.decodeBody(TranslationForm.self)
        do {
            _ = try await Practices(request: req).translate(id: id, TranslationInput(language: input.language, title: input.title, summary: input.summary,
                                                                                      body: input.body, origin: input.origin ?? "reviewed"))
            return req.redirect(to: "/practices/\(id)?version=\(input.language)&notice=translation_saved")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["language": input.language, "title": input.title, "summary": input.summary, "body": input.body])
            return try await renderPractice(req, id: id, form: form, status: status)
        }
    }

    // MARK: Writing a practice

    struct NewContext: Encodable {
        var chrome: PageChrome
        var cities: [CityCard]
        var areas: [FormOption]
        var calls: [FormOption]
        var form: FormState
    }

    @Sendable func newPractice(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let call = (try? req.query.get(Int.self, at: "call")).map(String.init) ?? ""
        return try await renderNew(req, form: FormState(values: ["language": req.language.isoCode, "callId": call]))
    }

    func renderNew(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try await req.actor()
        let networks = try await Membership.standing(on: req.db).filter(\.$cityID ~~ Array(actor?.officerOf ?? [])).all(\.$networkID)
        let calls = try await CallRecord.query(on: req.db).filter(\.$status == .open).filter(\.$networkID ~~ networks).sort(\.$deadline).all()
        return try await req.render("Knowledge/practice-new", NewContext(
            chrome: PageChrome(request: req, title: req.t("practice_new")),
            cities: try await req.officerCityCards(),
            areas: PolicyArea.allCases.map { FormOption(value: $0.rawValue, label: req.word("area", $0.rawValue), selected: form.values["area"] == $0.rawValue) },
            calls: calls.map { FormOption(value: String($0.id ?? 0), label: "\($0.networkID): \($0.title)", selected: form.values["callId"] == String($0.id ?? 0)) },
            form: form), status: status)
    }

    struct PracticeForm: Content {
        var cityId: Int
        var title: String
        var summary: String
        var body: String
        var area: String
        var tags: String?
        var sdgTargets: String?
        var language: String
        var sourceUrl: String?
        var startedOn: String?
        var validUntil: String?
        var callId: String?
        var submit: String?
    }

    @Sendable func createPractice(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorizeTarget { $0.forCity }
        let f = try req.decodeBody(PracticeForm.self)
        let values = ["title": f.title, "summary": f.summary, "body": f.body, "area": f.area, "tags": f.tags ?? "", "sdgTargets": f.sdgTargets ?? "",
                      "language": f.language, "sourceUrl": f.sourceUrl ?? "", "startedOn": f.startedOn ?? "", "validUntil": f.validUntil ?? "", "callId": f.callId ?? ""]
        do {
            func list(_ text: String?) -> [String] { (text ?? "").split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty } }
            let practice = try await Practices(request: req).create(PracticeInput(
                cityId: f.cityId, title: f.title, summary: f.summary, body: f.body, area: f.area, tags: list(f.tags), sdgTargets: list(f.sdgTargets),
                language: f.language, contactPersonId: nil, sourceUrl: f.sourceUrl,
                startedOn: try f.startedOn?.nilIfEmpty.map { try CalendarDay.parse($0, field: "startedOn") },
                validUntil: try f.validUntil?.nilIfEmpty.map { try CalendarDay.parse($0, field: "validUntil") },
                callId: f.callId.flatMap { Int($0) }, submit: f.submit == "on"))
            return req.redirect(to: "/practices/\(practice.id)?notice=practice_saved")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: values)
            return try await renderNew(req, form: form, status: status)
        }
    }

    // MARK: Moderation

    struct QueueContext: Encodable { var chrome: PageChrome; var practices: [PracticeDTO]; var next: String? }

    @Sendable func moderation(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let page = try await Practices(request: req).moderationQueue(page: try req.pageRequest(shape: Paging.idShape))
        return try await req.render("Knowledge/moderation", QueueContext(
            chrome: PageChrome(request: req, title: req.t("moderation_title")),
            practices: page.items, next: req.nextPageLink(page.nextCursor)))
    }
}
