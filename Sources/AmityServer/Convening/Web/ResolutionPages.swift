import AmityCore
import Fluent
import Vapor

/// Council resolutions on the web: the list with the form to record one, and a resolution with its endorsements.
struct ResolutionPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("resolutions", use: list)
        routes.post("resolutions", use: record)
        routes.get("resolutions", ":id", use: resolution)
        routes.post("resolutions", ":id", "endorsements", use: endorse)
    }

    struct ListContext: Encodable {
        var chrome: PageChrome
        var resolutions: [ResolutionDTO]
        var next: String?
        var cities: [CityCard]
        var form: FormState
    }

    @Sendable func list(req: Request) async throws -> Response { try await renderList(req, form: FormState()) }

    func myCities(_ req: Request) async throws -> [CityCard] {
        try await req.officerCityCards()
    }

    func renderList(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await Resolutions(request: req).list(page: try req.pageRequest(shape: Paging.idShape))
        return try await req.render("Convening/resolutions", ListContext(
            chrome: PageChrome(request: req, title: req.t("resolutions_title")),
            resolutions: page.items, next: req.nextPageLink(page.nextCursor), cities: try await myCities(req), form: form), status: status)
    }

    struct ResolutionForm: Content { var cityId: Int; var body: String; var title: String; var adoptedOn: String; var summary: String; var link: String?; var tags: String? }

    @Sendable func record(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorizeTarget { $0.forCity }
        let f = try req.decodeBody(ResolutionForm.self)
        do {
            let tags = (f.tags ?? "").split(separator: ",").map { $0.trimmingWhitespace() }
            let resolution = try await Resolutions(request: req).record(ResolutionInput(cityId: f.cityId, body: f.body, title: f.title, adoptedOn: f.adoptedOn,
                                                                                        summary: f.summary, link: f.link, tags: tags))
            return req.redirect(to: "/resolutions/\(resolution.id)?notice=resolution_recorded")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["body": f.body, "title": f.title, "adoptedOn": f.adoptedOn, "summary": f.summary,
                                                                      "link": f.link ?? "", "tags": f.tags ?? ""])
            return try await renderList(req, form: form, status: status)
        }
    }

    struct ResolutionContext: Encodable {
        var chrome: PageChrome
        var resolution: ResolutionDTO
        var canEndorse: [CityCard]
        var form: FormState
    }

    @Sendable func resolution(req: Request) async throws -> Response {
        try await renderResolution(req, id: try req.intParameter("id", entity: "resolution"), form: FormState())
    }

    func renderResolution(_ req: Request, id: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let resolution = try await Resolutions(request: req).resolution(id: id)
        let endorsed = Set(resolution.endorsements.map(\.city.id) + [resolution.city.id])
        return try await req.render("Convening/resolution", ResolutionContext(
            chrome: PageChrome(request: req, title: resolution.title), resolution: resolution,
            canEndorse: try await myCities(req).filter { !endorsed.contains($0.id) }, form: form), status: status)
    }

    struct EndorseForm: Content { var cityId: Int }

    @Sendable func endorse(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "resolution")
        try await req.authorizeTarget { $0.forCity }
        do {
            _ = try await Resolutions(request: req).endorse(id: id, cityID: try req.decodeBody(EndorseForm.self).cityId)
            return req.redirect(to: "/resolutions/\(id)?notice=resolution_endorsed")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: [:])
            return try await renderResolution(req, id: id, form: form, status: status)
        }
    }
}
