import AmityCore
import Vapor

/// The national rules in the open: what each country's government stopped or limited, when, on
/// what authority, and the leave it granted cities to send despite it (or that nobody knows how).
struct RulePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("rules", use: rules)
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
    }

    @Sendable func rules(req: Request) async throws -> Response {
        let rules = try await NationalRules(request: req).list()
        let countries = try await DirectoryPages.countryNames(rules.map(\.country), req: req)
        let cards = rules.map { card($0, countries: countries, req: req) }
        let upcomingOrInForce = Set(rules.filter { $0.inForce || $0.from > req.application.clock.now() }.map(\.id))
        return try await req.render("Aid/rules", RulesContext(
            chrome: PageChrome(request: req, title: req.t("rules_title")),
            sections: [
                Section(heading: req.t("rules_in_force"), rules: cards.filter { upcomingOrInForce.contains($0.id) }),
                Section(heading: req.t("rules_past"), rules: cards.filter { !upcomingOrInForce.contains($0.id) }
                    .sorted { ($0.until ?? .distantPast) > ($1.until ?? .distantPast) }),
            ]))
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
