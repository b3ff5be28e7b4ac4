import AmityCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Numbered tickets and the end of every reservation, as a seller asks for them: an outlet's
/// terminal for its own outlet, a person running the programme for any.
struct Reservations {
    let request: Request

    /// How long a ticket holds unless the counter says: the queue of one opening.
    static let ticketMinutes = 60
    static let ticketMinutesRange = 5...1_440

    /// Hands out a numbered ticket: the visit decided as a counter sale would be and, when allowed,
    /// its quota and stock held until pickup or expiry. The same sale id gets the first answer.
    func ticket(_ programme: ProgrammeRecord, _ input: TicketRequest, seller: Sales.Seller) async throws -> (HoldDTO, created: Bool) {
        let minutes = input.minutes ?? Self.ticketMinutes
        guard Self.ticketMinutesRange.contains(minutes) else {
            throw DomainError.invalid("minutes", key: "error_number_range", ["min": "5", "max": "1,440"])
        }
        let programmeID = try programme.requireID()
        let visit = try await Sales(request: request).checkedVisit(programme, input.visit, seller: seller)
        let app = request.application
        let attempt: @Sendable () async throws -> (HoldDTO, Bool) = {
            try await app.transaction(personID: seller.personID, on: request.db) { trail in
                let db = trail.db
                if let kept = try await Self.kept(programmeID: programmeID, clientID: input.saleId, fingerprint: visit.fingerprint, on: db) { return (kept, false) }
                try await Terminals.requireLive(seller, on: db.sql)
                let schedule = try await app.programmeCache.schedules(of: [programmeID], on: db.sql)[programmeID]
                guard let rules = schedule?.inForce(at: trail.now) else { throw DomainError.invalid("policyVersion", key: "error_no_policy_in_force") }
                if let expected = input.policyVersion, expected != rules.policy.version {
                    throw DomainError.invalid("policyVersion", key: "error_policy_version", ["version": String(rules.policy.version)])
                }
                try await ReservationLedger.lock(people: Array(visit.people.keys), outlets: [visit.outletID], on: db)
                let hold = ReservationLedger.Hold(programmeID: programmeID, clientID: input.saleId, visit: visit, kind: .ticket, readyAt: nil,
                                                  expiresAt: trail.now.addingTimeInterval(TimeInterval(minutes * 60)), payBy: nil, roundID: nil,
                                                  number: nil, terminalID: seller.terminalID, sellerID: seller.personID)
                let (sale, reservation) = try await ReservationLedger.hold(hold, under: rules, at: trail.now, catalogue: app.catalogue, on: db)
                let dto = HoldDTO(decision: sale, reservation: reservation.map { Self.dto($0, sale: sale) })
                if let reservation { try await trail.record("hold", "reservation", id: "\(programmeID)/\(try reservation.requireID())", after: dto) }
                return (dto, reservation != nil)
            }
        }
        do {
            return try await attempt()
        } catch {
            // Another request with this sale id may have committed first: its answer, or a conflict.
            guard let kept = try await Self.kept(programmeID: programmeID, clientID: input.saleId, fingerprint: visit.fingerprint, on: request.db) else { throw error }
            return (kept, false)
        }
    }

    /// The answer kept under a sale id, with its reservation as it stands; a conflict for another visit.
    private static func kept(programmeID: Int, clientID: String, fingerprint: String, on db: any Database) async throws -> HoldDTO? {
        guard let sale = try await SaleRecord.query(on: db).filter(\.$programmeID == programmeID).filter(\.$clientID == clientID).first() else { return nil }
        guard sale.fingerprint == fingerprint, sale.holds else { throw Sales.reused(clientID) }
        let decision = try JSONDecoder.amity.decode(SaleDTO.self, from: Data(sale.decision.utf8))
        let reservation = try await ReservationRecord.query(on: db).filter(\.$saleID == sale.requireID()).first()
        return HoldDTO(decision: decision, reservation: reservation.map { dto($0, sale: decision) })
    }

    /// A reservation of the programme the seller may see: a terminal sees its own outlet's only.
    func find(_ programme: ProgrammeRecord, id: Int, seller: Sales.Seller) async throws -> ReservationDTO {
        let reservation = try await visible(programme, id: id, seller: seller, on: request.db)
        return try await Self.dto(reservation, on: request.db)
    }

    /// The reservations still held for a person, found by their document: what the counter looks
    /// up when someone comes to collect. A terminal sees those at its own outlet.
    func held(_ programme: ProgrammeRecord, document: String, seller: Sales.Seller) async throws -> [ReservationDTO] {
        let programmeID = try programme.requireID()
        let key = try request.application.documentKey.programmeKey(document, programmeID: programmeID, field: "document")
        guard let person = try await RegisteredPersonRecord.query(on: request.db).filter(\.$programmeID == programmeID).filter(\.$documentKey == key).first() else {
            throw DomainError.invalid("document", key: "error_not_registered")
        }
        let sales = try await SaleLineRecord.query(on: request.db).filter(\.$personID == person.requireID()).filter(\.$reversed == false).all().map(\.saleID)
        guard !sales.isEmpty else { return [] }
        var query = ReservationRecord.query(on: request.db).filter(\.$programmeID == programmeID).filter(\.$saleID ~~ Set(sales))
            .filter(\.$state == ReservationLedger.State.held.rawValue)
        if case .terminal(let terminal) = seller { query = query.filter(\.$outletID == terminal.outletID) }
        var found: [ReservationDTO] = []
        for reservation in try await query.sort(\.$createdAt).all() { found.append(try await Self.dto(reservation, on: request.db)) }
        return found
    }

    /// Ends a reservation once: `completed` at pickup (within its window, paid when it must be),
    /// `cancelled` by the counter or the programme. Expiry is the scheduled job's (`ReservationExpiry`).
    func end(_ programme: ProgrammeRecord, id: Int, as state: ReservationLedger.State, reason: String?, seller: Sales.Seller) async throws -> ReservationDTO {
        let programmeID = try programme.requireID()
        let who = seller.terminalID.map { "terminal:\($0)" } ?? seller.personID.map { "person:\($0)" }
        return try await request.application.transaction(personID: seller.personID, on: request.db) { trail in
            let db = trail.db
            try await Terminals.requireLive(seller, on: db.sql)
            let reservation = try await visible(programme, id: id, seller: seller, on: db)
            if state == .completed {
                if let ready = reservation.readyAt, trail.now < ready { throw DomainError.conflict("This order can be collected from \(Self.stamp(ready)).") }
                if trail.now >= reservation.expiresAt { throw DomainError.conflict("This reservation expired at \(Self.stamp(reservation.expiresAt)).") }
                if reservation.payBy != nil, reservation.paidAt == nil { throw DomainError.conflict("This order has not been paid for.") }
            }
            let words = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let ended = try await ReservationLedger.end(id, as: state, reason: words.isEmpty ? state.rawValue : String(words.prefix(1_000)), by: who, at: trail.now, on: db)
            let dto = try await Self.dto(ended, on: db)
            try await trail.record(state == .completed ? "collect" : "cancel", "reservation", id: "\(programmeID)/\(id)", after: dto)
            return dto
        }
    }

    /// Records that a pre-order was paid, once (Amity takes no payment itself).
    func pay(_ programme: ProgrammeRecord, id: Int, seller: Sales.Seller) async throws -> ReservationDTO {
        let programmeID = try programme.requireID()
        return try await request.application.transaction(personID: seller.personID, on: request.db) { trail in
            let db = trail.db
            try await Terminals.requireLive(seller, on: db.sql)
            if db.sql.dialect.name == "postgresql" {
                try await db.sql.raw("SELECT id FROM \(ident: ReservationRecord.schema) WHERE id = \(bind: id) FOR UPDATE").run()
            }
            let reservation = try await visible(programme, id: id, seller: seller, on: db)
            guard reservation.state == ReservationLedger.State.held.rawValue else { throw DomainError.conflict("This reservation has already ended: \(reservation.state).") }
            guard let payBy = reservation.payBy else { throw DomainError.conflict("This reservation is not paid for in advance.") }
            guard reservation.paidAt == nil else { throw DomainError.conflict("This order was already paid for.") }
            guard trail.now < payBy else { throw DomainError.conflict("The payment window closed at \(Self.stamp(payBy)).") }
            reservation.paidAt = trail.now
            try await reservation.save(on: db)
            let dto = try await Self.dto(reservation, on: db)
            try await trail.record("pay", "reservation", id: "\(programmeID)/\(id)", after: dto)
            return dto
        }
    }

    private func visible(_ programme: ProgrammeRecord, id: Int, seller: Sales.Seller, on db: any Database) async throws -> ReservationRecord {
        guard let reservation = try await ReservationRecord.find(id, on: db), reservation.programmeID == programme.id else {
            throw DomainError.notFound(entity: "reservation", id: String(id))
        }
        if case .terminal(let terminal) = seller, terminal.outletID != reservation.outletID { throw DomainError.notFound(entity: "reservation", id: String(id)) }
        return reservation
    }

    private static func stamp(_ date: Date) -> String { date.formatted(.iso8601) }

    static func dto(_ reservation: ReservationRecord, on db: any Database) async throws -> ReservationDTO {
        guard let sale = try await SaleRecord.find(reservation.saleID, on: db) else { throw DomainError.notFound(entity: "sale", id: String(reservation.saleID)) }
        return dto(reservation, sale: try JSONDecoder.amity.decode(SaleDTO.self, from: Data(sale.decision.utf8)))
    }

    static func dto(_ reservation: ReservationRecord, sale: SaleDTO) -> ReservationDTO {
        ReservationDTO(id: reservation.id ?? 0, kind: reservation.kind, number: reservation.number, state: reservation.state, outletId: reservation.outletID,
                       saleId: sale.saleId, lines: sale.lines, total: sale.total, currency: sale.currency, createdAt: reservation.createdAt,
                       readyAt: reservation.readyAt, expiresAt: reservation.expiresAt, payBy: reservation.payBy, paidAt: reservation.paidAt,
                       endedAt: reservation.endedAt, roundId: reservation.roundID)
    }
}
