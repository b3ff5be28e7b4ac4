import AmityCore
import Fluent
import Vapor

/// Assemblies on the web: the list, an assembly (members, sittings, motions, the form to propose),
/// and a motion (text, amendments, debate, vote, and the result once the vote has closed).
struct AssemblyPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("assemblies", use: list)
        routes.post("assemblies", use: create)
        routes.post("assemblies", ":id", "members", use: admit)
        routes.get("assemblies", ":id", use: assembly)
        routes.post("assemblies", ":id", "motions", use: propose)
        routes.get("motions", ":id", use: motion)
        routes.post("motions", ":id", "comments", use: comment)
        routes.post("motions", ":id", "votes", use: vote)
        routes.post("motions", ":id", "vote", "open", use: openVote)
    }

    struct ListContext: Encodable { var chrome: PageChrome; var assemblies: [AssemblyDTO]; var next: String?; var networks: [FormOption]; var form: FormState }

    @Sendable func list(req: Request) async throws -> Response { try await renderList(req, form: FormState(values: ["quorumPercent": "50"])) }

    func renderList(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try await req.actor()
        let networks = actor?.isAdministrator == true ? try await Network.query(on: req.db).sort(\.$shortName).all()
            : try await Network.query(on: req.db).filter(\.$id ~~ Array(actor?.secretariatOf ?? [])).all()
        let page = try await Assemblies(request: req).list(page: try req.pageRequest(shape: Assemblies.cursorShape))
        return try await req.render("Convening/assemblies", ListContext(
            chrome: PageChrome(request: req, title: req.t("assemblies_title")), assemblies: page.items,
            next: req.nextPageLink(page.nextCursor),
            networks: networks.map { .init(value: $0.id ?? "", label: $0.shortName) }, form: form), status: status)
    }

    struct AssemblyForm: Content { var networkId: String; var name: String; var description: String?; var quorumPercent: String; var majority: String; var members: String? }

    @Sendable func create(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorizeTarget { t in t.networkId.map { .actForNetwork(networkID: $0) } ?? .holdRole(officer: false, secretariat: true) }
        let f = try req.decodeBody(AssemblyForm.self)
        do {
            guard let quorum = Int(f.quorumPercent) else { throw DomainError.invalid("quorumPercent", key: "error_whole_number") }
            let members = try (f.members ?? "").split(separator: ",").map { text -> Int in
                guard let id = Int(text.trimmingWhitespace()) else { throw DomainError.invalid("memberCityIds", key: "error_city_ids") }
                return id
            }
            let assembly = try await Assemblies(request: req).create(AssemblyInput(networkId: f.networkId, name: f.name, description: f.description,
                                                                                   quorumPercent: quorum, majority: f.majority, memberCityIds: members))
            return req.redirect(to: "/assemblies/\(assembly.id)")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["name": f.name, "description": f.description ?? "", "quorumPercent": f.quorumPercent, "members": f.members ?? ""])
            return try await renderList(req, form: form, status: status)
        }
    }

    struct AdmitForm: Content { var cityId: String }

    @Sendable func admit(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "assembly"), assemblies = Assemblies(request: req)
        try await req.authorize(.actForNetwork(networkID: try await assemblies.find(id).networkID))
        let f = try req.decodeBody(AdmitForm.self)
        do {
            guard let city = Int(f.cityId.trimmingWhitespace()) else { throw DomainError.invalid("cityId", key: "error_city_id") }
            _ = try await Assemblies(request: req).admit(assemblyID: id, cityID: city)
            return req.redirect(to: "/assemblies/\(id)")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["cityId": f.cityId])
            return try await renderAssembly(req, id: id, form: form, status: status)
        }
    }

    struct AssemblyContext: Encodable { var chrome: PageChrome; var assembly: AssemblyDTO; var cities: [CityCard]; var canConvene: Bool; var form: FormState }

    /// The reader's cities that are members of the assembly.
    func memberCities(_ req: Request, assemblyID: Int) async throws -> [CityCard] {
        let actor = try await req.actor()
        let members = Set(try await AssemblyMemberRecord.query(on: req.db).filter(\.$assemblyID == assemblyID).all(\.$cityID))
        let mine = Array((actor?.officerOf ?? []).intersection(members))
        return try await req.directory.cityRefs(ids: mine).values.sorted { $0.id < $1.id }.map { CityCard($0, language: req.language) }
    }

    @Sendable func assembly(req: Request) async throws -> Response {
        try await renderAssembly(req, id: try req.intParameter("id", entity: "assembly"), form: FormState())
    }

    func renderAssembly(_ req: Request, id: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let assembly = try await Assemblies(request: req).assembly(id: id)
        let canConvene = try await req.can(.actForNetwork(networkID: assembly.network.id))
        return try await req.render("Convening/assembly", AssemblyContext(
            chrome: PageChrome(request: req, title: assembly.name), assembly: assembly, cities: try await memberCities(req, assemblyID: id),
            canConvene: canConvene, form: form), status: status)
    }

    struct MotionForm: Content { var cityId: Int; var title: String; var text: String; var amendsId: Int? }

    @Sendable func propose(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "assembly")
        try await req.authorizeTarget { $0.forCity }
        let f = try req.decodeBody(MotionForm.self)
        do {
            let motion = try await Assemblies(request: req).propose(assemblyID: id, MotionInput(cityId: f.cityId, title: f.title, text: f.text, amendsId: f.amendsId))
            return req.redirect(to: "/motions/\(motion.id)?notice=motion_proposed")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["title": f.title, "text": f.text])
            if let parent = f.amendsId { return try await renderMotion(req, id: parent, form: form, status: status) }
            return try await renderAssembly(req, id: id, form: form, status: status)
        }
    }

    struct MotionContext: Encodable {
        var chrome: PageChrome
        var motion: MotionDTO
        var assembly: AssemblyDTO
        var cities: [CityCard]
        var canOpen: Bool
        var form: FormState
    }

    @Sendable func motion(req: Request) async throws -> Response {
        try await renderMotion(req, id: try req.intParameter("id", entity: "motion"), form: FormState())
    }

    func renderMotion(_ req: Request, id: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let assemblies = Assemblies(request: req)
        let motion = try await assemblies.motion(id: id)
        let assembly = try await assemblies.assembly(id: motion.assemblyId)
        let mayConvene = try await req.can(.actForNetwork(networkID: assembly.network.id))
        let canOpen = motion.stage == .proposed && mayConvene
        return try await req.render("Convening/motion", MotionContext(chrome: PageChrome(request: req, title: motion.title), motion: motion, assembly: assembly,
                                                                      cities: try await memberCities(req, assemblyID: motion.assemblyId), canOpen: canOpen,
                                                                      form: form), status: status)
    }

    struct CommentForm: Content { var cityId: Int; var body: String }

    @Sendable func comment(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "motion")
        try await req.authorizeTarget { $0.forCity }
        let f = try req.decodeBody(CommentForm.self)
        do {
            _ = try await Assemblies(request: req).comment(motionID: id, CommentInput(cityId: f.cityId, body: f.body))
            return req.redirect(to: "/motions/\(id)")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["body": f.body])
            return try await renderMotion(req, id: id, form: form, status: status)
        }
    }

    struct VoteForm: Content { var cityId: Int; var choice: String }

    @Sendable func vote(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "motion")
        try await req.authorizeTarget { $0.forCity }
        let f = try req.decodeBody(VoteForm.self)
        do {
            _ = try await Assemblies(request: req).vote(motionID: id, VoteInput(cityId: f.cityId, choice: f.choice))
            return req.redirect(to: "/motions/\(id)?notice=vote_cast")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: [:])
            return try await renderMotion(req, id: id, form: form, status: status)
        }
    }

    struct OpenForm: Content { var closesOn: String }

    @Sendable func openVote(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "motion"), assemblies = Assemblies(request: req)
        try await req.authorize(.actForNetwork(networkID: try await assemblies.find(try await assemblies.findMotion(id).assemblyID).networkID))
        let f = try req.decodeBody(OpenForm.self)
        do {
            _ = try await Assemblies(request: req).openVote(motionID: id, closesAt: try CalendarDay.parse(f.closesOn, field: "closesAt").addingTimeInterval(86_400))
            return req.redirect(to: "/motions/\(id)?notice=vote_opened")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["closesOn": f.closesOn])
            return try await renderMotion(req, id: id, form: form, status: status)
        }
    }
}
