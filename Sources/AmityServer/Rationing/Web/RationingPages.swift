import AmityCore
import Fluent
import Vapor

/// `/rationing`: the programmes, each with its rules' history and outlets; "my entitlement" for
/// residents; the counter for the staff who sell. Phone-sized, no JavaScript needed.
struct RationingPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("rationing", use: list)
        routes.get("rationing", ":programme", use: programme)
        routes.get("rationing", ":programme", "entitlement", use: entitlementForm)
        routes.post("rationing", ":programme", "entitlement", use: entitlement)
        routes.get("rationing", ":programme", "counter", use: counterForm)
        routes.post("rationing", ":programme", "counter", use: counter)
    }

    struct ListContext: Encodable {
        var chrome: PageChrome
        var programmes: [ProgrammeDTO]
    }

    @Sendable func list(req: Request) async throws -> View {
        try await req.view.render("Rationing/programmes", ListContext(chrome: PageChrome(request: req, title: req.t("rationing_title")),
                                                                      programmes: try await Programmes(request: req).list()))
    }

    private func find(_ req: Request) async throws -> ProgrammeRecord {
        try await req.programme()
    }

    struct VersionView: Encodable {
        var title: String
        var from: String
        var state: String
        var note: String
        var json: String
    }

    struct OutletView: Encodable {
        var code: String
        var name: String
        var address: String
        var stock: String
        var test: Bool
    }

    struct DayView: Encodable {
        var day: String
        var sales: Int
        var refused: Int
        var units: Int
    }

    struct ProgrammeContext: Encodable {
        var chrome: PageChrome
        var programme: ProgrammeDTO
        var versions: [VersionView]
        var outlets: [OutletView]
        var runs: Bool
        var days: [DayView]
    }

    @Sendable func programme(req: Request) async throws -> View {
        let row = try await find(req)
        let programmeID = try row.requireID()
        let dto = try await Programmes(request: req).dto(row, on: req.db)
        let runs = try await req.can(.runProgramme(programmeID: programmeID, owner: row.owner))
        let wording = RationWording(catalogue: req.application.catalogue, language: req.language)
        let versions = try await PolicyVersions(request: req).list(row).reversed().map { version in
            VersionView(title: req.t("rationing_version", ["version": String(version.version)]), from: wording.day(version.policy.effectiveFrom.day) + (version.policy.effectiveFrom.minute == 0 ? "" : " " + String(version.policy.effectiveFrom.description.suffix(5))),
                        state: req.word("ration_state", version.state), note: version.policy.note ?? "",
                        json: "/api/v1/rationing/programmes/\(programmeID)/policies")
        }
        var query = OutletRecord.query(on: req.db).filter(\.$programmeID == programmeID).sort(\.$code)
        if !runs { query = query.filter(\.$isTest == false) }
        let outletRows = try await query.limit(200).all()
        let stock = Dictionary(grouping: try await StockRecord.query(on: req.db).filter(\.$outletID ~~ outletRows.map { try $0.requireID() }).all(), by: \.outletID)
        let outlets = try outletRows.map { outlet in
            OutletView(code: outlet.code, name: outlet.name, address: outlet.address,
                       stock: (stock[try outlet.requireID()] ?? []).sorted { $0.class < $1.class }.map { "\(wording.className($0.class)) \($0.onHand)" }
                           .joined(separator: req.language.listSeparator), test: outlet.isTest)
        }
        var days: [DayView] = []
        if runs {
            // Sales per day over the last two weeks, by the day in UTC: what the desk watches.
            let since = req.application.clock.now().addingTimeInterval(-14 * 86_400)
            let sales = try await SaleRecord.query(on: req.db).filter(\.$programmeID == programmeID).filter(\.$at >= since).all()
            let lines = try await SaleLineRecord.query(on: req.db).filter(\.$saleID ~~ sales.map { try $0.requireID() }).filter(\.$reversed == false).all()
            let units = Dictionary(grouping: lines, by: \.saleID).mapValues { $0.reduce(0) { $0 + $1.quantity } }
            let byDay = Dictionary(grouping: sales) { CalendarDay.text($0.at) }
            days = byDay.keys.sorted(by: >).map { day in
                let list = byDay[day]!
                return DayView(day: day, sales: list.filter(\.allowed).count, refused: list.filter { !$0.allowed }.count,
                               units: list.reduce(0) { $0 + (units[$1.id ?? 0] ?? 0) })
            }
        }
        return try await req.view.render("Rationing/programme", ProgrammeContext(chrome: PageChrome(request: req, title: dto.name), programme: dto,
                                                                                 versions: versions, outlets: outlets, runs: runs, days: days))
    }

    struct EntitlementContext: Encodable {
        var chrome: PageChrome
        var programme: ProgrammeDTO
        var form: FormState
        var answer: [String]?
        var days: String?
    }

    struct EntitlementForm: Content {
        var document: String
        var birth: String
    }

    @Sendable func entitlementForm(req: Request) async throws -> Response {
        let row = try await find(req)
        return try await renderEntitlement(req, row, form: FormState(), answer: nil, days: nil)
    }

    @Sendable func entitlement(req: Request) async throws -> Response {
        let row = try await find(req)
        let form = try req.decodeBody(EntitlementForm.self)
        do {
            let (dto, _) = try await Entitlements(request: req).answer(row, EntitlementRequest(document: form.document, birth: form.birth))
            let wording = RationWording(catalogue: req.application.catalogue, language: req.language)
            let answer = dto.entitlements.flatMap { item in
                item.pools.filter { item.semantics == nil || $0.remaining > 0 || $0.used > 0 }.map { pool in
                    req.t("ration_entitlement_line", ["remaining": String(pool.remaining), "max": String(pool.max), "what": pool.classes.map(wording.className).joined(separator: req.language.listSeparator),
                                                      "from": wording.day(item.windowStarts), "until": wording.day(item.windowEnds)])
                }
            } + (dto.entitlements.contains { $0.semantics == .lockOnFirst } ? [req.t("ration_entitlement_either")] : [])
            let days = dto.openDays.map { wording.day($0) }.joined(separator: req.language.listSeparator)
            // The number typed is never shown back: only the birth date stays in the form.
            return try await renderEntitlement(req, row, form: FormState(values: ["birth": form.birth]), answer: answer, days: days)
        } catch {
            let (state, status) = try FormState.failed(error, for: req, values: ["birth": form.birth])
            return try await renderEntitlement(req, row, form: state, answer: nil, days: nil, status: status)
        }
    }

    private func renderEntitlement(_ req: Request, _ row: ProgrammeRecord, form: FormState, answer: [String]?, days: String?,
                                   status: HTTPResponseStatus = .ok) async throws -> Response {
        let dto = try await Programmes(request: req).dto(row, on: req.db)
        return try await req.render("Rationing/entitlement", EntitlementContext(chrome: PageChrome(request: req, title: req.t("ration_entitlement_title")),
                                                                                programme: dto, form: form, answer: answer, days: days), status: status)
    }

    struct CounterContext: Encodable {
        var chrome: PageChrome
        var programme: ProgrammeDTO
        var outlets: [FormOption]
        var classes: [FormOption]
        var rows: [Int]
        var form: FormState
        /// The decision shown before the sale is confirmed, or after it is made.
        var verdict: Verdict?
        var saleId: String
    }

    struct Verdict: Encodable {
        var allowed: Bool
        var sold: Bool
        var total: String
        var reasons: [String]
    }

    /// The counter's form: an outlet, up to four cards (the first is the buyer's), a quantity per class.
    struct CounterForm: Content {
        var outlet: String?
        var action: String?
        var saleId: String?
        var doc0: String?, doc1: String?, doc2: String?, doc3: String?
        var class0: String?, class1: String?, class2: String?, class3: String?
        var qty0: String?, qty1: String?, qty2: String?, qty3: String?

        var documents: [String?] { [doc0, doc1, doc2, doc3] }
        var classes: [String?] { [class0, class1, class2, class3] }
        var quantities: [String?] { [qty0, qty1, qty2, qty3] }
        var values: [String: String] {
            var all: [String: String] = ["outlet": outlet ?? ""]
            for index in 0..<4 { (all["class\(index)"], all["qty\(index)"]) = (classes[index] ?? "", quantities[index] ?? "") }
            return all
        }
    }

    @Sendable func counterForm(req: Request) async throws -> Response {
        let row = try await find(req)
        try await Programmes(request: req).authorizeRunning(row)
        return try await renderCounter(req, row, form: FormState(values: ["qty0": "1"]), verdict: nil)
    }

    @Sendable func counter(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let row = try await find(req)
        let actor = try await Programmes(request: req).authorizeRunning(row)
        let form = try req.decodeBody(CounterForm.self)
        // Document numbers are kept in the form between the check and the sale, never elsewhere.
        var values = form.values
        for index in 0..<4 { values["doc\(index)"] = form.documents[index] ?? "" }
        do {
            var cards: [SaleRequest.SaleCard] = []
            for index in 0..<4 {
                guard let document = form.documents[index]?.trimmingWhitespace(), !document.isEmpty else { continue }
                let quantityText = (form.quantities[index] ?? "").trimmingWhitespace()
                guard let quantity = Int(quantityText) else { throw DomainError.invalid("/cards/\(cards.count)/lines", key: "error_whole_number") }
                cards.append(.init(document: document, lines: [Line(form.classes[index] ?? "", quantity)]))
            }
            if cards.isEmpty { throw DomainError.invalid("doc0", key: "error_required") }
            let saleID = form.saleId.flatMap { Sales.isSaleID($0) ? $0 : nil } ?? UUID().uuidString
            let input = SaleRequest(saleId: saleID, outletId: form.outlet.flatMap(Int.init), channel: "counter", cards: cards)
            let sales = Sales(request: req)
            let wording = RationWording(catalogue: req.application.catalogue, language: req.language)
            if form.action == "sell" {
                let (sale, _, _) = try await sales.sell(row, input, seller: .person(actor))
                let decision = RationDecision(policyVersion: sale.policyVersion, lines: sale.lines, fee: sale.fee, total: sale.total, currency: sale.currency, reasons: sale.reasons)
                let verdict = Verdict(allowed: sale.allowed, sold: sale.allowed, total: sale.total.text(currency: sale.currency ?? ""), reasons: wording.sentences(decision, cards: cards.count))
                return try await renderCounter(req, row, form: FormState(values: ["outlet": form.outlet ?? "", "qty0": "1"]), verdict: verdict)
            }
            let decision = try await sales.preview(row, input, seller: .person(actor))
            let verdict = Verdict(allowed: decision.allowed, sold: false, total: decision.total.text(currency: decision.currency ?? ""),
                                  reasons: wording.sentences(decision, cards: cards.count))
            return try await renderCounter(req, row, form: FormState(values: values), verdict: verdict, saleID: saleID)
        } catch {
            var (state, status) = try FormState.failed(Self.counterFields(error), for: req, values: values)
            if let message = state.errors["outletId"] { state.errors["outlet"] = message }
            return try await renderCounter(req, row, form: state, verdict: nil, status: status)
        }
    }

    /// The API's fields of a card (`cards[1].document`) named as the counter's (`doc1`).
    private static func counterFields(_ error: any Error) -> any Error {
        guard case DomainError.invalid(let fields) = error else { return error }
        return DomainError.invalid(fields.map { field in
            guard field.field.hasPrefix("cards[") else { return field }
            var renamed = field
            renamed.field = "doc" + field.field.dropFirst("cards[".count).prefix { $0.isNumber }
            return renamed
        })
    }

    private func renderCounter(_ req: Request, _ row: ProgrammeRecord, form: FormState, verdict: Verdict?, saleID: String = "",
                               status: HTTPResponseStatus = .ok) async throws -> Response {
        let programmeID = try row.requireID()
        let dto = try await Programmes(request: req).dto(row, on: req.db)
        let outlets = try await OutletRecord.query(on: req.db).filter(\.$programmeID == programmeID).sort(\.$code).limit(500).all()
            .map { FormOption(value: String($0.id ?? 0), label: "\($0.code) \($0.name)") }
        let schedule = try await req.application.programmeCache.schedule(of: row, on: req.db)
        let wording = RationWording(catalogue: req.application.catalogue, language: req.language)
        let classes = (schedule.inForce(at: req.application.clock.now())?.policy.classes ?? []).map { FormOption(value: $0, label: wording.className($0)) }
        let context = CounterContext(chrome: PageChrome(request: req, title: req.t("ration_counter_title")), programme: dto, outlets: outlets, classes: classes,
                                     rows: [0, 1, 2, 3], form: form, verdict: verdict, saleId: saleID)
        return try await req.render("Rationing/counter", context, status: status)
    }
}
