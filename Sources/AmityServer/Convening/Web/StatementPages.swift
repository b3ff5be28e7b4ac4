import AmityCore
import Fluent
import Vapor

/// Joint statements on the web: the list (with the form to write one), a statement with its
/// signatories, the form to sign or withdraw, and the exports.
struct StatementPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("statements", use: list)
        routes.post("statements", use: create)
        routes.get("statements", ":id", use: statement)
        routes.post("statements", ":id", "open", use: open)
        routes.post("statements", ":id", "signatures", use: sign)
        routes.post("statements", ":id", "signatures", ":city", "withdraw", use: withdraw)
    }

    struct ListContext: Encodable {
        var chrome: PageChrome
        var statements: [StatementDTO]
        var next: String?
        var hosts: [FormOption]
        var form: FormState
    }

    @Sendable func list(req: Request) async throws -> Response { try await renderList(req, form: FormState()) }

    func renderList(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try await req.actor()
        let page = try await Statements(request: req).list(page: try req.pageRequest(shape: Paging.idShape))
        let networks = try await Network.query(on: req.db).filter(\.$id ~~ Array(actor?.secretariatOf ?? [])).all()
        let hosts = try await req.officerCityCards().map { FormOption(value: "city:\($0.id)", label: $0.name) }
            + networks.map { FormOption(value: "network:\($0.id ?? "")", label: $0.shortName) }
        return try await req.render("Convening/statements", ListContext(
            chrome: PageChrome(request: req, title: req.t("statements_title")),
            statements: page.items, next: req.nextPageLink(page.nextCursor), hosts: hosts, form: form), status: status)
    }

    struct StatementForm: Content { var host: String; var title: String; var text: String }

    @Sendable func create(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorizeTarget { $0.forHost }
        let f = try req.decodeBody(StatementForm.self)
        do {
            let parts = f.host.split(separator: ":", maxSplits: 1).map(String.init)
            let input = StatementInput(title: f.title, text: f.text, hostCityId: parts.first == "city" ? parts.last.flatMap { Int($0) } : nil,
                                       hostNetworkId: parts.first == "network" ? parts.last : nil)
            let statement = try await Statements(request: req).create(input)
            return req.redirect(to: "/statements/\(statement.id)?notice=statement_saved")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["title": f.title, "text": f.text])
            return try await renderList(req, form: form, status: status)
        }
    }

    struct StatementContext: Encodable {
        var chrome: PageChrome
        var statement: StatementDTO
        var canHost: Bool
        /// The reader's cities that may sign now, and those that may withdraw.
        var canSign: [CityCard]
        var canWithdraw: [CityCard]
        var closes: String?
        var form: FormState
    }

    @Sendable func statement(req: Request) async throws -> Response {
        try await renderStatement(req, id: try req.intParameter("id", entity: "statement"), form: FormState())
    }

    func renderStatement(_ req: Request, id: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let statements = Statements(request: req)
        let statement = try await statements.statement(id: id)
        let hostAction: Action = statement.host.cityId.map { .actForCity(cityID: $0) } ?? .actForNetwork(networkID: statement.host.networkId ?? "")
        let mayHost = try await req.can(hostAction)
        let signed = Set(statement.signatories.map(\.city.id))
        let mine = try await req.officerCityCards()
        let open = statement.status == .open
        return try await req.render("Convening/statement", StatementContext(
            chrome: PageChrome(request: req, title: statement.title), statement: statement,
            canHost: statement.status == .draft && mayHost,
            canSign: open ? mine.filter { !signed.contains($0.id) } : [],
            canWithdraw: open ? mine.filter { signed.contains($0.id) } : [],
            closes: statement.closesAt.map(SignatureChain.timestamp), form: form), status: status)
    }

    struct OpenForm: Content { var closesOn: String }

    @Sendable func open(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "statement")
        try await req.authorize(try await Statements(request: req).writeAction(id: id))
        let f = try req.decodeBody(OpenForm.self)
        do {
            _ = try await Statements(request: req).open(id: id, closesAt: try CalendarDay.parse(f.closesOn, field: "closesAt").addingTimeInterval(86_400))
            return req.redirect(to: "/statements/\(id)?notice=statement_opened")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["closesOn": f.closesOn])
            return try await renderStatement(req, id: id, form: form, status: status)
        }
    }

    struct SignForm: Content { var cityId: Int; var title: String }

    @Sendable func sign(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "statement")
        try await req.authorizeTarget { $0.forCity }
        let f = try req.decodeBody(SignForm.self)
        do {
            _ = try await Statements(request: req).sign(id: id, SignInput(cityId: f.cityId, title: f.title))
            return req.redirect(to: "/statements/\(id)?notice=statement_signed")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["title": f.title])
            return try await renderStatement(req, id: id, form: form, status: status)
        }
    }

    @Sendable func withdraw(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "statement")
        _ = try await Statements(request: req).withdraw(id: id, cityID: try req.intParameter("city", entity: "city"))
        return req.redirect(to: "/statements/\(id)?notice=statement_withdrawn")
    }
}
