import AmityCore
import Fluent
import Vapor

/// `/cities/{id}/indicators`: a city's indicators, each beside its peers' by distance to target
/// (same size band, same UN region, a network's members, or everyone), and for its officers the
/// form to report a new value.
struct IndicatorPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cities", ":id", "indicators", use: page)
        routes.post("cities", ":id", "indicators", use: report)
    }

    struct IndicatorView: Encodable {
        var value: IndicatorValueDTO
        /// The figures as a reader writes them (`4.2`, not `4.2000`; `0`, not `0.0`).
        var figure: String
        var target: String
        var baseline: String?
        var chart: String
        /// The city's distance to target among its peers, in words; nil when it has no peer to be compared with.
        var standing: String?
        var csv: String
    }

    struct PageContext: Encodable {
        var chrome: PageChrome
        var cityId: Int
        var city: String
        var peers: String
        var network: String
        var peerOptions: [FormOption]
        var networks: [FormOption]
        var indicators: [IndicatorView]
        var canReport: Bool
        var form: FormState
        var betterOptions: [FormOption]
    }

    struct ReportForm: Content {
        var indicator: String
        var name: String
        var unit: String
        var better: String
        var value: String
        var measuredOn: String
        var baseline: String?
        var baselineOn: String?
        var target: String
        var targetBy: String?
        var source: String
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req, cityID: try req.cityID(), form: FormState(values: ["better": "higher"]))
    }

    @Sendable func report(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.cityID()
        try await req.authorize(.actForCity(cityID: id))
        let form = try req.decodeBody(ReportForm.self)
        func number(_ text: String?) -> Double? { text.flatMap { Double($0.trimmingWhitespace().replacingOccurrences(of: ",", with: "")) } }
        let values = ["indicator": form.indicator, "name": form.name, "unit": form.unit, "better": form.better, "value": form.value, "measuredOn": form.measuredOn,
                      "baseline": form.baseline ?? "", "baselineOn": form.baselineOn ?? "", "target": form.target, "targetBy": form.targetBy ?? "", "source": form.source]
        do {
            // A baseline typed but not a number is an error, not a missing baseline.
            if let text = form.baseline, !text.trimmingWhitespace().isEmpty, number(text) == nil {
                throw DomainError.invalid("baseline", "'\(text)' is not a number.")
            }
            _ = try await Indicators(request: req).report(cityID: id, IndicatorInput(
                indicator: form.indicator, name: form.name, unit: form.unit, better: form.better, value: number(form.value), measuredOn: form.measuredOn,
                baseline: number(form.baseline), baselineOn: form.baselineOn, target: number(form.target), targetBy: form.targetBy, source: form.source))
            return req.redirect(to: "/cities/\(id)/indicators?notice=indicator_saved")
        } catch {
            let (state, status) = try FormState.failed(error, for: req, values: values)
            return try await render(req, cityID: id, form: state, status: status)
        }
    }

    private func render(_ req: Request, cityID: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let city = try await req.gazetteer.city(id: cityID)
        let peersText = req.query[String.self, at: "peers"] ?? "size"
        guard let peers = Indicators.Peers(rawValue: peersText) else {
            throw DomainError.invalid("peers", "'\(peersText)' is not a peer group; the groups are \(Indicators.Peers.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let network = req.query[String.self, at: "network"].flatMap { $0.isEmpty ? nil : $0 }
        let indicators = Indicators(request: req)
        var views: [IndicatorView] = []
        for value in try await indicators.latest(cityID: cityID) {
            let comparison = try await indicators.compare(indicator: value.indicator, cityID: cityID, peers: peers, network: network)
            let own = comparison.rows.first { $0.cityId == cityID }
            let summary = comparison.rows.map { "\($0.city): \(AnalysisTables.decimal($0.score))" }.joined(separator: "; ")
            let chart = Chart.bars(id: "indicator-\(value.indicator)", title: req.t("indicator_chart", ["name": value.name]), summary: summary,
                                   bars: comparison.rows.map { .init(label: $0.city, value: $0.score, figure: "\(AnalysisTables.decimal($0.score)) (\(AnalysisTables.decimal($0.value)) \(value.unit))") })
            var query = "city=\(cityID)&peers=\(peers.rawValue)"
            if let network { query += "&network=\(network)" }
            // Alone, a city is its own worst value: a score would say nothing.
            let standing = own.flatMap { row in
                comparison.rows.count > 1 ? req.t("indicator_standing", ["distance": AnalysisTables.decimal(row.distance), "score": AnalysisTables.decimal(row.score),
                                                                         "count": String(comparison.rows.count)]) : nil
            } ?? (comparison.rows.count > 1 ? nil : req.t("indicator_alone"))
            views.append(IndicatorView(value: value, figure: AnalysisTables.decimal(value.value), target: AnalysisTables.decimal(value.target),
                                       baseline: value.baseline.map(AnalysisTables.decimal), chart: chart.document, standing: standing,
                                       csv: "/api/v1/indicators/\(value.indicator)/comparison.csv?\(query)"))
        }
        let memberships: [Membership] = try await Membership.standing(on: req.db).filter(\Membership.$cityID == cityID).all()
        let names = Dictionary(uniqueKeysWithValues: try await Network.query(on: req.db).filter(\.$id ~~ memberships.map(\.networkID)).all().map { ($0.id ?? "", $0.shortName) })
        let networks = memberships.map { FormOption(value: $0.networkID, label: names[$0.networkID] ?? $0.networkID) }
        let context = PageContext(
            chrome: PageChrome(request: req, title: req.t("indicators_title")), cityId: cityID, city: city.name, peers: peers.rawValue, network: network ?? "",
            peerOptions: Indicators.Peers.allCases.map { FormOption(value: $0.rawValue, label: req.word("peers", $0.rawValue)) }, networks: networks,
            indicators: views, canReport: try await req.can(.actForCity(cityID: cityID)), form: form,
            betterOptions: DistanceToTarget.Direction.allCases.map { FormOption(value: $0.rawValue, label: req.word("better", $0.rawValue)) })
        return try await req.render("Analysis/indicators", context, status: status)
    }
}
