import AmityCore
import Fluent
import Vapor

/// Calls for practices: the list with the form to open one, and a call with what came in.
struct CallPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("calls", use: calls)
        routes.post("calls", use: open)
        routes.get("calls", ":id", use: call)
        routes.post("calls", ":id", "close", use: close)
        routes.post("calls", ":id", "submissions", ":practice", ":choice", use: select)
    }

    struct ListContext: Encodable {
        var chrome: PageChrome
        var calls: [CallDTO]
        var next: String?
        var myNetworks: [FormOption]
        var areas: [FormOption]
        var form: FormState
    }

    @Sendable func calls(req: Request) async throws -> Response { try await renderList(req, form: FormState()) }

    func renderList(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try await req.actor()
        let networks = actor?.isAdministrator == true ? try await Network.query(on: req.db).sort(\.$shortName).all()
            : try await Network.query(on: req.db).filter(\.$id ~~ Array(actor?.secretariatOf ?? [])).sort(\.$shortName).all()
        let page = try await Calls(request: req).list(status: nil, page: try req.pageRequest(shape: Paging.idShape))
        return try await req.render("Knowledge/calls", ListContext(
            chrome: PageChrome(request: req, title: req.t("calls_title")), calls: page.items,
            next: req.nextPageLink(page.nextCursor),
            myNetworks: networks.map { .init(value: $0.id ?? "", label: $0.shortName) },
            areas: PolicyArea.allCases.map { .init(value: $0.rawValue, label: req.word("area", $0.rawValue)) }, form: form), status: status)
    }

    struct CallForm: Content { var networkId: String; var title: String; var description: String; var area: String?; var deadline: String }

    @Sendable func open(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorizeTarget { t in t.networkId.map { .runCall(networkID: $0) } ?? .holdRole(officer: false, secretariat: true) }
        let f = try req.decodeBody(CallForm.self)
        do {
            let call = try await Calls(request: req).open(CallInput(networkId: f.networkId, title: f.title, description: f.description,
                                                                   areas: f.area.map { [$0] } ?? [], deadline: try CalendarDay.parse(f.deadline, field: "deadline")))
            return req.redirect(to: "/calls/\(call.id)?notice=call_opened")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["title": f.title, "description": f.description, "deadline": f.deadline])
            return try await renderList(req, form: form, status: status)
        }
    }

    struct CallContext: Encodable {
        var chrome: PageChrome
        var call: CallDTO
        var descriptionHtml: String
        var areas: [String]
        var canRun: Bool
        var canSubmit: Bool
    }

    @Sendable func call(req: Request) async throws -> Response {
        let call = try await Calls(request: req).call(id: try req.intParameter("id", entity: "call"))
        let canRun = try await req.can(.runCall(networkID: call.network.id))
        let members = Set(try await Membership.standing(on: req.db).filter(\.$networkID == call.network.id).all(\.$cityID))
        let mayAnswer = try await req.can(.answerCall(memberCities: members))
        return try await req.render("Knowledge/call", CallContext(
            chrome: PageChrome(request: req, title: call.title), call: call, descriptionHtml: SafeMarkdown.html(call.description),
            areas: call.areas.map { req.word("area", $0) },
            canRun: canRun,
            canSubmit: call.status == .open && mayAnswer))
    }

    @Sendable func close(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let call = try await Calls(request: req).close(id: try req.intParameter("id", entity: "call"))
        return req.redirect(to: "/calls/\(call.id)?notice=call_closed")
    }

    @Sendable func select(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let choice = req.parameters.get("choice") ?? ""
        guard choice == "select" || choice == "unselect" else { throw DomainError.notFound(entity: "choice", id: choice) }
        let call = try await Calls(request: req).select(callID: try req.intParameter("id", entity: "call"),
                                                        practiceID: try req.intParameter("practice", entity: "submission"), selected: choice == "select")
        return req.redirect(to: "/calls/\(call.id)")
    }
}
