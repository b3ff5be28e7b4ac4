import AmityCore
import Fluent
import Vapor

/// `/api/v1/rationing`: programmes, their policy versions, outlets, stock, terminals, people,
/// sales and the entitlement question. Who may act is settled before the body is read.
struct RationingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let programmes = routes.grouped("rationing", "programmes")
        programmes.get(use: list)
        programmes.post(use: create)
        let programme = programmes.grouped(":programme")
        programme.get(use: show)
        programme.get("policies", use: policies)
        programme.post("policies", use: addPolicy)
        programme.post("policies", "dry-run", use: dryRun)
        programme.delete("policies", ":version", use: withdrawPolicy)
        programme.get("outlets", use: outlets)
        programme.post("outlets", use: addOutlet)
        let outlet = programme.grouped("outlets", ":outlet")
        outlet.get(use: showOutlet)
        outlet.post("deliveries", use: deliver)
        outlet.post("deliveries", ":delivery", "confirmation", use: confirmDelivery)
        outlet.post("adjustments", use: adjust)
        outlet.get("terminals", use: terminals)
        outlet.post("terminals", use: issueTerminal)
        outlet.delete("terminals", ":terminal", use: revokeTerminal)
        programme.post("people", use: register)
        programme.post("sales", use: sell)
        programme.get("sales", ":sale", use: sale)
        programme.post("sales", ":sale", "reversal", use: reverse)
        programme.post("entitlement", use: entitlement)
    }

    private func programme(_ req: Request) async throws -> ProgrammeRecord {
        try await req.programme()
    }

    private func outlet(_ req: Request, _ programme: ProgrammeRecord) async throws -> OutletRecord {
        try await Outlets(db: req.db).find(try req.intParameter("outlet", entity: "outlet"), programmeID: programme.requireID())
    }

    @Sendable func list(req: Request) async throws -> [ProgrammeDTO] { try await Programmes(request: req).list() }

    @Sendable func create(req: Request) async throws -> Response {
        // The owner the body names is asked about before the rest of the body is read.
        try await req.authorizeTarget { target in
            target.cityId.map { .startProgramme(owner: .city($0)) } ?? target.networkId.map { .startProgramme(owner: .network($0)) }
                ?? .holdRole(officer: true, secretariat: true)
        }
        let dto = try await Programmes(request: req).create(try req.decodeBody(CreateProgrammeRequest.self))
        return try await dto.created(at: "/api/v1/rationing/programmes/\(dto.id)", for: req)
    }

    @Sendable func show(req: Request) async throws -> ProgrammeDTO {
        try await Programmes(request: req).dto(try await programme(req), on: req.db)
    }

    @Sendable func policies(req: Request) async throws -> [PolicyVersionDTO] {
        try await PolicyVersions(request: req).list(try await programme(req))
    }

    @Sendable func addPolicy(req: Request) async throws -> Response {
        let programme = try await programme(req)
        try await Programmes(request: req).authorizeRunning(programme)
        let dto = try await PolicyVersions(request: req).add(programme, try req.decodeBody(CreatePolicyRequest.self))
        return try await dto.created(at: "/api/v1/rationing/programmes/\(try programme.requireID())/policies", for: req)
    }

    @Sendable func dryRun(req: Request) async throws -> DryRunDTO {
        let programme = try await programme(req)
        try await Programmes(request: req).authorizeRunning(programme)
        let input = try req.decodeBody(DryRunRequest.self)
        return try await PolicyVersions(request: req).dryRun(programme, input.policy, input.cases)
    }

    @Sendable func withdrawPolicy(req: Request) async throws -> HTTPStatus {
        let programme = try await programme(req)
        try await PolicyVersions(request: req).withdraw(programme, version: try req.intParameter("version", entity: "policy version"))
        return .noContent
    }

    @Sendable func outlets(req: Request) async throws -> [OutletDTO] {
        let programme = try await programme(req)
        // Test outlets are the programme's own business: its managers see them, the public never.
        var query = OutletRecord.query(on: req.db).filter(\.$programmeID == (try programme.requireID())).sort(\.$code)
        if (try? await Programmes(request: req).authorizeRunning(programme)) == nil { query = query.filter(\.$isTest == false) }
        let rows = try await query.limit(1_000).all()
        let stock = try await StockRecord.query(on: req.db).filter(\.$outletID ~~ rows.map { try $0.requireID() }).all()
        let byOutlet = Dictionary(grouping: stock, by: \.outletID)
        return try rows.map { row in
            OutletDTO(id: try row.requireID(), code: row.code, name: row.name, address: row.address, phone: row.phone, latitude: row.latitude,
                      longitude: row.longitude, kind: row.kind, test: row.isTest, note: row.note,
                      stock: Dictionary(uniqueKeysWithValues: (byOutlet[try row.requireID()] ?? []).map { ($0.class, $0.onHand) }))
        }
    }

    @Sendable func addOutlet(req: Request) async throws -> Response {
        let programme = try await programme(req)
        let programmeID = try programme.requireID()
        try await Programmes(request: req).authorizeRunning(programme)
        let input = try Outlets.checked(try req.decodeBody(CreateOutletRequest.self))
        let dto = try await req.write(.runProgramme(programmeID: programmeID, owner: programme.owner)) { trail, _ in
            let outlets = Outlets(db: trail.db)
            let (row, _) = try await outlets.save(input, programmeID: programmeID, now: trail.now)
            let dto = try await outlets.dto(row)
            try await trail.record("create", "outlet", id: String(dto.id), cityID: programme.cityID, after: dto)
            return dto
        }
        return try await dto.created(at: "/api/v1/rationing/programmes/\(programmeID)/outlets/\(dto.id)", for: req)
    }

    @Sendable func showOutlet(req: Request) async throws -> OutletDTO {
        let programme = try await programme(req)
        let row = try await outlet(req, programme)
        if row.isTest, (try? await Programmes(request: req).authorizeRunning(programme)) == nil {
            throw DomainError.notFound(entity: "outlet", id: String(try row.requireID()))
        }
        return try await Outlets(db: req.db).dto(row)
    }

    @Sendable func deliver(req: Request) async throws -> Response { try await movement(req, kind: "delivery") }

    @Sendable func adjust(req: Request) async throws -> Response { try await movement(req, kind: "adjustment") }

    /// A delivery on its way, or an adjustment taken off now: the programme's managers, audited.
    private func movement(_ req: Request, kind: String) async throws -> Response {
        let programme = try await programme(req)
        let programmeID = try programme.requireID()
        try await Programmes(request: req).authorizeRunning(programme)
        let row = try await outlet(req, programme)
        let input = try req.decodeBody(StockMovementRequest.self)
        let classes = try await classes(req, programme)
        let dto = try await req.write(.runProgramme(programmeID: programmeID, owner: programme.owner)) { trail, actor in
            let movements = StockMovements(db: trail.db)
            let dto = kind == "delivery" ? try await movements.deliver(input, outlet: row, classes: classes, by: actor.personID, now: trail.now)
                : try await movements.adjust(input, outlet: row, classes: classes, by: actor.personID, now: trail.now)
            try await trail.record("create", kind, id: String(dto.id), cityID: programme.cityID, after: dto)
            return dto
        }
        let path = "/api/v1/rationing/programmes/\(programmeID)/outlets/\(dto.outletId)"
        return try await dto.created(at: kind == "delivery" ? "\(path)/deliveries/\(dto.id)" : path, for: req)
    }

    @Sendable func confirmDelivery(req: Request) async throws -> StockMovementDTO {
        let programme = try await programme(req)
        let seller = try await Sales(request: req).seller(programme)
        let row = try await outlet(req, programme)
        let outletID = try row.requireID()
        if case .terminal(let terminal) = seller, terminal.outletID != outletID { throw Abort(.forbidden, reason: "This terminal confirms deliveries to its own outlet only.") }
        let delivery = try req.intParameter("delivery", entity: "delivery")
        let who = seller.terminalID.map { "terminal:\($0)" } ?? "person:\(seller.personID ?? 0)"
        return try await req.application.transaction(personID: seller.personID, on: req.db) { trail in
            try await Terminals.requireLive(seller, on: trail.db.sql)
            let dto = try await StockMovements(db: trail.db).confirm(delivery, outletID: outletID, by: who, now: trail.now)
            try await trail.record("confirm", "delivery", id: String(dto.id), cityID: programme.cityID, after: dto)
            return dto
        }
    }

    @Sendable func terminals(req: Request) async throws -> [TerminalDTO] {
        let programme = try await programme(req)
        try await Programmes(request: req).authorizeRunning(programme)
        let row = try await outlet(req, programme)
        return try await TerminalRecord.query(on: req.db).filter(\.$outletID == row.requireID()).sort(\.$id).all().map(Terminals.dto)
    }

    @Sendable func issueTerminal(req: Request) async throws -> Response {
        let programme = try await programme(req)
        let programmeID = try programme.requireID()
        try await Programmes(request: req).authorizeRunning(programme)
        let row = try await outlet(req, programme)
        let input = try req.decodeBody(CreateTerminalRequest.self)
        let dto = try await req.write(.runProgramme(programmeID: programmeID, owner: programme.owner)) { trail, actor in
            let dto = try await Terminals(db: trail.db).issue(input, outlet: row, cap: programme.terminalsPerOutlet, by: actor.personID, now: trail.now)
            try await trail.record("create", "terminal", id: String(dto.terminal.id), cityID: programme.cityID, after: dto.terminal)
            return dto
        }
        req.application.terminalRoster.changed()
        return try await dto.created(at: "/api/v1/rationing/programmes/\(programmeID)/outlets/\(dto.terminal.outletId)/terminals", for: req)
    }

    @Sendable func revokeTerminal(req: Request) async throws -> TerminalDTO {
        let programme = try await programme(req)
        let programmeID = try programme.requireID()
        try await Programmes(request: req).authorizeRunning(programme)
        let row = try await outlet(req, programme)
        let terminal = try req.intParameter("terminal", entity: "terminal")
        let dto = try await req.write(.runProgramme(programmeID: programmeID, owner: programme.owner)) { trail, _ in
            let dto = try await Terminals(db: trail.db).revoke(terminal, outletID: try row.requireID(), now: trail.now)
            try await trail.record("revoke", "terminal", id: String(dto.id), cityID: programme.cityID, after: dto)
            return dto
        }
        req.application.terminalRoster.forget(terminalID: dto.id)
        return dto
    }

    @Sendable func register(req: Request) async throws -> Response {
        let programme = try await programme(req)
        let programmeID = try programme.requireID()
        // A terminal registers people at its counter; a manager registers anyone.
        let seller = try await Sales(request: req).seller(programme)
        let input = try req.decodeBody(RegisterPersonRequest.self)
        let key = req.application.documentKey
        let dto = try await req.application.transaction(personID: seller.personID, on: req.db) { trail in
            try await Terminals.requireLive(seller, on: trail.db.sql)
            let dto = try await RegisteredPeople(db: trail.db, key: key).register(input, programmeID: programmeID, now: trail.now)
            // The audit keeps that someone was registered, never their number.
            if dto.created { try await trail.record("register", "rationed-person", id: "\(programmeID)/\(dto.id)", cityID: programme.cityID, after: dto) }
            return dto
        }
        let response = try await dto.encodeResponse(for: req)
        response.status = dto.created ? .created : .ok
        return response
    }

    @Sendable func sell(req: Request) async throws -> Response {
        let programme = try await programme(req)
        let sales = Sales(request: req)
        let seller = try await sales.seller(programme)
        let (sale, json, replayed) = try await sales.sell(programme, try req.decodeBody(SaleRequest.self), seller: seller)
        let response = Response(status: replayed || !sale.allowed ? .ok : .created, body: .init(string: json))
        response.headers.contentType = .json
        if replayed { response.headers.replaceOrAdd(name: "Idempotent-Replay", value: "true") }
        return response
    }

    @Sendable func sale(req: Request) async throws -> SaleDTO {
        let programme = try await programme(req)
        return try await Sales(request: req).find(programme, saleID: req.parameters.get("sale") ?? "")
    }

    @Sendable func reverse(req: Request) async throws -> SaleDTO {
        let programme = try await programme(req)
        let sales = Sales(request: req)
        let seller = try await sales.seller(programme)
        let input = try req.decodeBody(ReversalRequest.self)
        return try await sales.reverse(programme, saleID: req.parameters.get("sale") ?? "", reason: input.reason, seller: seller)
    }

    @Sendable func entitlement(req: Request) async throws -> Response {
        let programme = try await programme(req)
        return try await Entitlements(request: req).answer(programme, try req.decodeBody(EntitlementRequest.self)).0.jsonResponse(for: req)
    }

    /// The classes any version of the programme names, for checking deliveries.
    private func classes(_ req: Request, _ programme: ProgrammeRecord) async throws -> Set<String> {
        let schedule = try await req.application.programmeCache.schedule(of: programme, on: req.db)
        return Set(schedule.versions.flatMap(\.policy.classes))
    }
}
