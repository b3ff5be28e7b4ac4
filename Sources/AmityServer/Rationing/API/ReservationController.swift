import Fluent
import AmityCore
import Vapor

/// Numbered tickets and reservations (sellers: an outlet's terminal or the programme's managers),
/// and pre-order rounds: created and drawn by the managers, entered through a seller, published
/// to everyone (`/api/v1/rationing/rounds/{round}` with its entries and winners as CSV).
struct ReservationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let programme = routes.grouped("rationing", "programmes", ":programme")
        programme.post("tickets", use: ticket)
        programme.post("reservations", "held", use: held)
        let reservation = programme.grouped("reservations", ":reservation")
        reservation.get(use: show)
        reservation.post("pickup") { req in try await Self.end(req, as: .completed) }
        reservation.post("cancellation") { req in try await Self.end(req, as: .cancelled) }
        reservation.post("payment", use: pay)
        programme.get("rounds", use: rounds)
        programme.post("rounds", use: createRound)
        let round = routes.grouped("rationing", "rounds", ":round")
        round.get(use: showRound)
        round.get("entries.csv", use: entriesCSV)
        round.get("winners.csv", use: winnersCSV)
        round.post("entries", use: enter)
        round.post("draw", use: draw)
    }


    @Sendable func ticket(req: Request) async throws -> Response {
        let programme = try await req.programme()
        let seller = try await Sales(request: req).seller(programme)
        let (dto, created) = try await Reservations(request: req).ticket(programme, try req.decodeBody(TicketRequest.self), seller: seller)
        let response = try await dto.encodeResponse(for: req)
        response.status = created ? .created : .ok
        return response
    }

    @Sendable func held(req: Request) async throws -> [ReservationDTO] {
        let programme = try await req.programme()
        let seller = try await Sales(request: req).seller(programme)
        return try await Reservations(request: req).held(programme, document: try req.decodeBody(ReservationLookupRequest.self).document, seller: seller)
    }

    @Sendable func show(req: Request) async throws -> ReservationDTO {
        let programme = try await req.programme()
        let seller = try await Sales(request: req).seller(programme)
        return try await Reservations(request: req).find(programme, id: try req.intParameter("reservation", entity: "reservation"), seller: seller)
    }

    private static func end(_ req: Request, as state: ReservationLedger.State) async throws -> ReservationDTO {
        let programme = try await req.programme()
        let seller = try await Sales(request: req).seller(programme)
        let reason = state == .cancelled ? try req.decodeBody(CancellationRequest.self).reason : nil
        return try await Reservations(request: req).end(programme, id: try req.intParameter("reservation", entity: "reservation"), as: state,
                                                        reason: reason, seller: seller)
    }

    @Sendable func pay(req: Request) async throws -> ReservationDTO {
        let programme = try await req.programme()
        let seller = try await Sales(request: req).seller(programme)
        return try await Reservations(request: req).pay(programme, id: try req.intParameter("reservation", entity: "reservation"), seller: seller)
    }

    @Sendable func rounds(req: Request) async throws -> [RoundDTO] {
        let programme = try await req.programme()
        let rounds = Rounds(app: req.application, db: req.db)
        let now = req.application.clock.now()
        var found: [RoundDTO] = []
        for round in try await RoundRecord.query(on: req.db).filter(\.$programmeID == programme.requireID()).sort(\.$opensAt).sort(\.$id).limit(500).all() {
            found.append(try await rounds.dto(round, now: now))
        }
        return found
    }

    @Sendable func createRound(req: Request) async throws -> Response {
        let programme = try await req.programme()
        let programmeID = try programme.requireID()
        try await Programmes(request: req).authorizeRunning(programme)
        let input = try req.decodeBody(CreateRoundRequest.self)
        let dto = try await req.write(.runProgramme(programmeID: programmeID, owner: programme.owner)) { trail, actor in
            try await Rounds(app: req.application, db: trail.db).create(input, programme: programme, by: actor.personID, trail: trail)
        }
        return try await dto.created(at: "/api/v1/rationing/rounds/\(dto.id)", for: req)
    }

    private static func round(_ req: Request) async throws -> RoundRecord {
        let id = try req.intParameter("round", entity: "round")
        guard let round = try await RoundRecord.find(id, on: req.db) else { throw DomainError.notFound(entity: "round", id: String(id)) }
        return round
    }

    @Sendable func showRound(req: Request) async throws -> Response {
        let dto = try await Rounds(app: req.application, db: req.db).dto(try await Self.round(req), now: req.application.clock.now())
        let response = try await dto.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .accessControlAllowOrigin, value: "*")
        return response
    }

    /// The tickets in entry order, one a line, once the round has closed: each entrant finds theirs.
    @Sendable func entriesCSV(req: Request) async throws -> Response {
        let round = try await Self.round(req)
        guard req.application.clock.now() >= round.closesAt else {
            throw DomainError.conflict("The entries are published when the round closes, at \(round.closesAt.formatted(.iso8601)).")
        }
        let id = try round.requireID()
        let write: @Sendable () async throws -> String = { (["ticket"] + (try await Rounds.tickets(of: id, on: req.db.sql))).joined(separator: "\n") + "\n" }
        // Kept once drawn: the draw's first write waits out every entry in flight, so nothing joins after.
        guard round.drawnAt != nil else { return Self.csv(ByteBuffer(string: try await write())) }
        return Self.csv(try await req.application.roundFiles.file("entries", of: id, write: write))
    }

    /// The winners by place, once drawn: `place,ticket`.
    @Sendable func winnersCSV(req: Request) async throws -> Response {
        let round = try await Self.round(req)
        guard round.drawnAt != nil else { throw DomainError.conflict("The winners are published at the draw, after the round closes.") }
        let id = try round.requireID()
        return Self.csv(try await req.application.roundFiles.file("winners", of: id) {
            (["place,ticket"] + (try await Rounds.winners(of: id, on: req.db.sql)).enumerated().map { "\($0.offset + 1),\($0.element)" })
                .joined(separator: "\n") + "\n"
        })
    }

    private static func csv(_ body: ByteBuffer) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .csvUTF8
        headers.add(name: .accessControlAllowOrigin, value: "*")
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }

    @Sendable func enter(req: Request) async throws -> Response {
        let round = try await Self.round(req)
        guard let programme = try await ProgrammeRecord.find(round.programmeID, on: req.db) else { throw DomainError.notFound(entity: "round", id: String(try round.requireID())) }
        let seller = try await Sales(request: req).seller(programme)
        let input = try req.decodeBody(RoundEntryRequest.self)
        let app = req.application
        let attempt: @Sendable () async throws -> (RoundEntryDTO, created: Bool) = {
            try await req.transaction(personID: seller.personID) { trail in
                try await Terminals.requireLive(seller, on: trail.db.sql)
                return try await Rounds(app: app, db: trail.db).enter(input, round: round, programme: programme, trail: trail)
            }
        }
        // The same person entered twice at once: the second insert meets the first's entry; tried
        // again, it finds it and answers with it.
        let (dto, created): (RoundEntryDTO, created: Bool)
        do { (dto, created) = try await attempt() } catch { (dto, created) = try await attempt() }
        let response = try await dto.encodeResponse(for: req)
        response.status = created ? .created : .ok
        return response
    }

    /// Draws the round now (managers), rather than waiting for the scheduled job to do it at close.
    @Sendable func draw(req: Request) async throws -> RoundDTO {
        let round = try await Self.round(req)
        guard let programme = try await ProgrammeRecord.find(round.programmeID, on: req.db) else { throw DomainError.notFound(entity: "round", id: String(try round.requireID())) }
        let actor = try await Programmes(request: req).authorizeRunning(programme)
        let rounds = Rounds(app: req.application, db: req.db)
        let drawn = try await rounds.draw(try round.requireID(), by: actor.personID)
        return try await rounds.dto(drawn, now: req.application.clock.now())
    }
}
