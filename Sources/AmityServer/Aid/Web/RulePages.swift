import AmityCore
import Vapor

/// The national rules in the open: what each country's government stopped or limited, when, on
/// what authority, and the leave it granted cities to send despite it (or that nobody knows how).
/// Administrators record a rule, end one and grant an exception on the same page.
struct RulePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("rules", use: rules)
        routes.post("rules", use: record)
        routes.post("rules", ":id", "end", use: end)
        routes.post("rules", ":id", "exceptions", use: grant)
    }

    struct RuleCard: Encodable {
        var id: Int
        var title: String
        var country: String
        var kind: String
        /// The item or category it covers, in the reader's words.
        var covers: String
        var from: Date
        var until: Date?
        var source: String?
        var exceptions: [ExceptionLine]
        /// Whether the form that failed was one of this rule's (its errors are shown beside it).
        var failed = false
    }

    struct ExceptionLine: Encodable {
        var text: String
        var source: String?
    }

    struct Section: Encodable {
        var heading: String
        var rules: [RuleCard]
    }

    struct RulesContext: Encodable {
        var chrome: PageChrome
        /// In force (or yet to start), then past, the most recently ended first.
        var sections: [Section]
        /// Whether the reader records and ends rules (an administrator), and the choices of the forms.
        var canManage: Bool
        var covers: [FormOption]
        var kinds: [FormOption]
        /// The form that failed, and for a rule's own forms, which rule (`form.values.rule`).
        var form: FormState
    }

    @Sendable func rules(req: Request) async throws -> Response {
        try await render(req, form: FormState())
    }

    private func render(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let rules = try await NationalRules(request: req).list()
        let countries = try await DirectoryPages.countryNames(rules.map(\.country), req: req)
        let cards = rules.map { rule in
            var card = card(rule, countries: countries, req: req)
            card.failed = form.values["rule"] == String(rule.id)
            return card
        }
        let upcomingOrInForce = Set(rules.filter { $0.inForce || $0.from > req.application.clock.now() }.map(\.id))
        let canManage = try await req.can(.manageNationalRules)
        let catalogue = req.application.catalogue
        return try await req.render("Aid/rules", RulesContext(
            chrome: PageChrome(request: req, title: req.t("rules_title")),
            sections: [
                Section(heading: req.t("rules_in_force"), rules: cards.filter { upcomingOrInForce.contains($0.id) }),
                Section(heading: req.t("rules_past"), rules: cards.filter { !upcomingOrInForce.contains($0.id) }
                    .sorted { ($0.until ?? .distantPast) > ($1.until ?? .distantPast) }),
            ],
            canManage: canManage,
            covers: !canManage ? [] : ItemCategory.allCases.map { FormOption(value: "category:\($0.rawValue)", label: req.t("rule_covers_category", ["category": req.word("category", $0.rawValue)])) }
                + Catalogue.items.map { FormOption(value: "item:\($0.code)", label: catalogue.itemChoice($0, in: req.language)) },
            kinds: !canManage ? [] : RuleKind.allCases.map { FormOption(value: $0.rawValue, label: req.word("rule_kind", $0.rawValue)) },
            form: form), status: status)
    }

    // MARK: An administrator's forms

    /// `covers` is `item:CODE` or `category:NAME`; days are `YYYY-MM-DD`, as date fields send them.
    struct RuleForm: Content { var country: String; var covers: String?; var kind: String; var from: String; var until: String?; var source: String?; var title: String }

    @Sendable func record(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorize(.manageNationalRules)
        let input = try req.decodeBody(RuleForm.self)
        do {
            var errors: [DomainError.FieldError] = []
            let from = Self.day(input.from, field: "from", into: &errors), until = input.until?.isEmpty == false ? Self.day(input.until ?? "", field: "until", into: &errors) : nil
            let covers = (input.covers ?? "").split(separator: ":", maxSplits: 1).map(String.init)
            guard errors.isEmpty, let from else { throw DomainError.invalid(errors) }
            let rule = try await NationalRules(request: req).create(RuleInput(
                country: input.country.trimmingWhitespace().uppercased(), item: covers.first == "item" ? covers.last : nil,
                category: covers.first == "category" ? covers.last : nil, kind: input.kind, from: from, until: until,
                source: input.source?.trimmingWhitespace().nilIfEmpty, title: input.title))
            return req.redirect(to: "/rules?notice=rule_recorded#rule-\(rule.id)")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["country": input.country, "from": input.from, "until": input.until ?? "",
                                                                                "source": input.source ?? "", "title": input.title])
            return try await render(req, form: FormState(values: form.values, errors: form.errors.mapKeys { "rule_" + $0 }, general: form.general), status: status)
        }
    }

    struct EndForm: Content { var until: String }

    @Sendable func end(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorize(.manageNationalRules)
        let id = try req.intParameter("id", entity: "national rule")
        let input = try req.decodeBody(EndForm.self)
        do {
            _ = try await NationalRules(request: req).end(ruleID: id, RuleEndInput(until: try CalendarDay.parse(input.until, field: "until")))
            return req.redirect(to: "/rules?notice=rule_ended#rule-\(id)")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["rule": String(id), "endUntil": input.until])
            return try await render(req, form: FormState(values: form.values, errors: form.errors.mapKeys { "end_" + $0 }, general: form.general), status: status)
        }
    }

    /// `city` is a city of the rule's country by its name in any script (the largest that matches) or its id.
    struct ExceptionForm: Content { var city: String; var quantity: String; var grantedBy: String?; var grantedOn: String?; var source: String?; var note: String? }

    @Sendable func grant(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorize(.manageNationalRules)
        let id = try req.intParameter("id", entity: "national rule")
        let input = try req.decodeBody(ExceptionForm.self)
        do {
            let rule = try await NationalRules(request: req).find(id)
            var errors: [DomainError.FieldError] = []
            let name = input.city.trimmingWhitespace()
            var city = Int(name)
            if city == nil, !name.isEmpty {
                city = try await req.gazetteer.search(name: name, country: try? CountryCode(rule.countryCode), page: try Paging(limit: 1, cursor: nil, shape: Gazetteer.cursorShape)).first?.id
            }
            if city == nil { errors.append(.init(field: "cityId", key: "error_exception_city", ["text": name])) }
            let quantity = Int64(input.quantity.filter { $0 != "," && $0 != " " })
            if quantity == nil { errors.append(.init(field: "quantity", key: "error_whole_number")) }
            let grantedOn = input.grantedOn?.isEmpty == false ? Self.day(input.grantedOn ?? "", field: "grantedOn", into: &errors) : nil
            guard errors.isEmpty, let city, let quantity else { throw DomainError.invalid(errors) }
            _ = try await NationalRules(request: req).grant(ruleID: id, RuleExceptionInput(
                cityId: city, quantity: quantity, grantedBy: input.grantedBy, grantedOn: grantedOn,
                source: input.source?.trimmingWhitespace().nilIfEmpty, note: input.note))
            return req.redirect(to: "/rules?notice=exception_granted#rule-\(id)")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["rule": String(id), "city": input.city, "quantity": input.quantity,
                                                                                "grantedBy": input.grantedBy ?? "", "grantedOn": input.grantedOn ?? "",
                                                                                "exceptionSource": input.source ?? "", "note": input.note ?? ""])
            return try await render(req, form: FormState(values: form.values, errors: form.errors.mapKeys { "exception_" + $0 }, general: form.general), status: status)
        }
    }

    /// A day from a date field, or nil with its error added.
    private static func day(_ text: String, field: String, into errors: inout [DomainError.FieldError]) -> Date? {
        do { return try CalendarDay.parse(text.trimmingWhitespace(), field: field) } catch let DomainError.invalid(fields) {
            errors += fields
        } catch {}
        return nil
    }

    private func card(_ rule: RuleDTO, countries: [String: String], req: Request) -> RuleCard {
        let count = { (n: Int64) in n.formatted(.number.grouping(.automatic)) }
        let exceptions = rule.exceptions.map { e in
            let sentences = [req.t("rule_exception_line", ["city": CityCard(e.city, language: req.language).name, "quantity": count(e.quantity), "used": count(e.used)]),
                             e.grantedBy.map { req.t("rule_granted_by", ["who": $0]) } ?? req.t("rule_granted_unknown"), e.note]
            return ExceptionLine(text: sentences.compactMap { $0 }.joined(separator: req.language.sentenceSeparator), source: e.source)
        }
        return RuleCard(id: rule.id, title: rule.title, country: countries[rule.country] ?? rule.country, kind: rule.kind,
                        covers: rule.item.map(req.itemName) ?? rule.category.map { req.word("category", $0) } ?? "",
                        from: rule.from, until: rule.until, source: rule.source, exceptions: exceptions)
    }
}
