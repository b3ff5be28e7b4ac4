import AmityCore
import Vapor

/// `/rationing/{id}/fairness`: the fairness report as a page, a chart for each dimension drawn on
/// the server, the figures in a table beside it, and the CSV to download.
struct FairnessPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("rationing", ":programme", "fairness", use: page)
    }

    struct RowView: Encodable {
        var category: String
        var registered: String
        var buyers: String
        var difference: String
        var balanced: Bool
    }

    struct DimensionView: Encodable {
        var title: String
        var chart: String
        var rows: [RowView]
    }

    struct Context: Encodable {
        var chrome: PageChrome
        var programme: ProgrammeDTO
        var intro: String
        var outsideQueues: String?
        var dimensions: [DimensionView]
        var csv: String
        var day: String
        var days: Int
        var form: FormState
    }

    @Sendable func page(req: Request) async throws -> Response {
        let row = try await req.programme()
        // A query the reader got wrong shows the defaults, with what was wrong beside its field.
        var form = FormState(values: ["day": req.query[String.self, at: "day"] ?? "", "days": req.query[String.self, at: "days"] ?? ""]), status = HTTPStatus.ok
        let question: FairnessQuestion
        do { question = try await FairnessQuestion(req, programme: row) } catch {
            (form, status) = try FormState.failed(error, for: req, values: form.values)
            question = try await FairnessQuestion(req, programme: row, asked: false)
        }
        let report = try await question.report(on: req.db)
        let dto = try await Programmes(request: req).dto(row, on: req.db)
        let percent = { (share: Double) in DecimalText.text(share * 100, places: 1) }
        let dimensions = [("ageBand", "fairness_age"), ("document", "fairness_document"), ("district", "fairness_district")].map { dimension, key in
            let rows = report.rows.filter { $0.dimension == dimension }
            let summary = rows.map { row in
                row.suppressed ? req.t("fairness_chart_suppressed", ["category": row.category])
                    : req.t("fairness_chart_row", ["category": row.category, "registered": percent(row.registeredShare ?? 0), "buyers": percent(row.buyerShare ?? 0)])
            }.joined(separator: "; ")
            let chart = Chart.pairs(id: "fairness-\(dimension)", title: req.t(key), summary: summary,
                                    series: (req.t("fairness_registered_share"), req.t("fairness_buyer_share")),
                                    rows: rows.map { row in (row.category, row.suppressed ? nil : ((row.registeredShare ?? 0) * 100, (row.buyerShare ?? 0) * 100)) })
            return DimensionView(title: req.t(key), chart: chart.document, rows: rows.map { row in
                let hidden = req.t("fairness_suppressed", ["cell": String(Fairness.smallestCell)])
                return RowView(category: row.category, registered: row.registered.map(String.init) ?? hidden, buyers: row.buyers.map(String.init) ?? hidden,
                               difference: row.difference.map { DecimalText.text($0, places: 2) } ?? "–", balanced: row.balanced ?? true)
            })
        }
        let intro = req.t("fairness_intro", ["from": report.from, "through": report.through, "buyers": String(report.buyers),
                                             "registered": String(report.registered), "target": DecimalText.text(report.target, places: 1),
                                             "cell": String(report.smallestCell)])
        let outside = report.shareOutsideQueues.map { req.t("fairness_outside_queues", ["share": percent($0), "units": String(report.unitsHandedOver)]) }
        let query = "day=\(report.through)&days=\(report.days)"
        let response = try await req.view.render("Rationing/fairness", Context(
            chrome: PageChrome(request: req, title: req.t("fairness_title")), programme: dto, intro: intro, outsideQueues: outside,
            dimensions: dimensions, csv: "/api/v1/rationing/programmes/\(dto.id)/fairness.csv?\(query)", day: report.through, days: report.days,
            form: form)).encodeResponse(for: req)
        response.status = status
        return response
    }
}
