import AmityCore
import Fluent
import Vapor

/// A plan's reasons as sentences in the reader's language: why a donor sends to a city (and what
/// nearer supplier its tie was preferred to), and why a need is short: the rule that stopped a
/// supplier and what that city sends instead, or the needs the supply went to, or the fair share.
struct PlanExplanation {
    let req: Request
    let plan: PlanDTO
    /// The titles of the rules the plan names, by id.
    let rules: [String: String]
    /// Who asked for each need the plan names ("Wuhan"), for the needs a shortfall went to.
    private let needers: [Int: String]

    init(req: Request, plan: PlanDTO) async throws {
        let ids = Set(plan.unmet.flatMap { $0.reason.rules ?? [] }.compactMap(Int.init))
        let rows = ids.isEmpty ? [] : try await RuleRecord.query(on: req.db).filter(\.$id ~~ ids).all()
        let rules = Dictionary(uniqueKeysWithValues: rows.map { (String($0.id ?? 0), $0.title) })
        let language = req.language
        var needers: [Int: String] = [:]
        for l in plan.lines { needers[l.needId] = CityCard(l.recipient, language: language).name }
        for u in plan.unmet { needers[u.needId] = CityCard(u.city, language: language).name }
        (self.req, self.plan, self.rules, self.needers) = (req, plan, rules, needers)
    }

    private func name(_ city: CityRefDTO) -> String { CityCard(city, language: req.language).name }
    private func count(_ n: Int64) -> String { n.formatted(.number.grouping(.automatic)) }
    private func list(_ parts: [String]) -> String { parts.joined(separator: req.language.listSeparator) }

    /// Why this donor sends this line.
    func line(_ l: PlanDTO.Line) -> String {
        var sentences = [req.t("plan_why_\(l.reason.kind)", ["donor": name(l.donor), "recipient": name(l.recipient), "network": l.reason.network ?? ""])]
        if let nearer = l.nearerSupplier { sentences.append(req.t("plan_why_nearer", ["nearer": name(nearer)])) }
        return sentences.joined(separator: req.language.sentenceSeparator)
    }

    /// Why this need is not fully met.
    func unmet(_ u: PlanDTO.Unmet) -> String {
        let city = name(u.city), item = req.itemName(u.item)
        var sentences: [String] = []
        switch u.reason.kind {
        case "blocked-by-rules":
            let stopped = u.blockedSuppliers ?? []
            let title = list((u.reason.rules ?? []).map { rules[$0] ?? "#\($0)" })
            sentences.append(req.t("pledge_refused_rule", ["rule": title, "city": stopped.isEmpty ? req.t("plan_some_cities") : list(stopped.map { name($0.city) }), "item": item]))
            for supplier in stopped {
                sentences.append(supplier.instead.isEmpty ? req.t("plan_sends_nothing", ["city": name(supplier.city)])
                    : req.t("plan_sends_instead", ["city": name(supplier.city), "items": list(supplier.instead.map(req.itemName)), "recipient": city]))
            }
        case "taken-by-more-urgent-needs", "taken-by-other-needs":
            let needs = (u.reason.needs ?? []).map { needers[$0] ?? "#\($0)" }
            sentences.append(req.t("plan_short_\(u.reason.kind)", ["city": city, "needs": list(Array(Set(needs)).sorted())]))
        default:
            sentences.append(req.t("plan_short_\(u.reason.kind)", ["city": city, "item": item, "percent": String(u.reason.percent ?? 0)]))
        }
        return sentences.joined(separator: req.language.sentenceSeparator)
    }
}
