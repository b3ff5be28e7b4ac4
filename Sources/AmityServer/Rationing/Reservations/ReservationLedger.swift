import AmityCore
import Fluent
import Foundation
import SQLKit

/// How a reservation takes and gives back quota and stock, inside its caller's transaction: the
/// one place a hold begins and ends (I7: held, then completed, expired or cancelled, exactly once).
///
/// Quota: a hold is a sale whose lines count like any purchase (`holds`); ending it any way but
/// pickup reverses the lines, and the quota is back. Stock: `ration_stock.held` grows by the hold
/// and shrinks when it ends; a pickup takes the units off on hand as well. Every change of the
/// stock table comes before the id it writes (see `StockLedger.snapshot`).
enum ReservationLedger {
    /// A hold to decide: a visit, the kind and what the counter calls it, and its windows.
    struct Hold: Sendable {
        var programmeID: Int
        var clientID: String
        var visit: Sales.CheckedVisit
        var kind: Kind
        var readyAt: Date?
        var expiresAt: Date
        var payBy: Date?
        var roundID: Int?
        var number: String?
        var terminalID: Int?
        var sellerID: Int?
    }

    enum Kind: String, Sendable {
        /// A numbered ticket at an outlet: held from stock on hand now.
        case ticket
        /// A pre-order round's win: supplied by the round's own deliveries, so checked against
        /// stock at pickup, not at the draw.
        case preorder
    }

    /// Locks the people and the outlets' stock rows the holds touch, in id order, as every sale
    /// batch takes them (PostgreSQL; SQLite's write lock holds everything already).
    static func lock(people: [Int], outlets: [Int], on db: any Database) async throws {
        guard db.sql.dialect.name == "postgresql" else { return }
        let people = Set(people).sorted() as [any Encodable & Sendable], outlets = Set(outlets).sorted() as [any Encodable & Sendable]
        if !people.isEmpty {
            try await db.sql.raw("SELECT id FROM \(ident: RegisteredPersonRecord.schema) WHERE id IN (\(binds: people)) ORDER BY id FOR UPDATE").run()
        }
        if !outlets.isEmpty {
            try await db.sql.raw("SELECT id FROM \(ident: StockRecord.schema) WHERE outlet_id IN (\(binds: outlets)) ORDER BY id FOR UPDATE").run()
        }
    }

    /// Decides `hold` under `rules` at `now` and, when allowed, holds its quota and stock. The
    /// decision is kept under its client id like a sale's; a refusal holds nothing. The caller
    /// has locked the people and the outlet (`lock`).
    static func hold(_ hold: Hold, under rules: RationRules, at now: Date, catalogue: MessageCatalogue, on db: any Database) async throws -> (SaleDTO, ReservationRecord?) {
        let visit = hold.visit
        let history = try await SaleHistory.purchases(of: Array(visit.people.keys), since: rules.historyStart(at: now), now: now, on: .sql(db.sql))
            .values.flatMap { $0 }
        var stock: [String: Int] = [:]
        if hold.kind == .ticket {
            for row in try await StockRecord.query(on: db).filter(\.$outletID == visit.outletID).all() { stock[row.class] = row.onHand - row.held }
        } else {
            for name in rules.policy.classes { stock[name] = Int.max / 2 }
        }
        let decision = rules.decide(Visit(holder: visit.holder, cards: visit.cards, channel: visit.channel, at: now), history: history, stock: stock)
        var totals: [String: Int] = [:]
        for line in decision.lines where decision.allowed { totals[line.class, default: 0] += line.quantity }
        // The stock table first, then the ids (see the type's comment).
        for (name, quantity) in totals.sorted(by: { $0.key < $1.key }) { try await changeHeld(outletID: visit.outletID, class: name, by: quantity, on: db) }
        let wording = RationWording(catalogue: catalogue, language: .english)
        let dto = SaleDTO(saleId: hold.clientID, outletId: visit.outletID, at: now, allowed: decision.allowed, policyVersion: decision.policyVersion,
                          lines: decision.lines, fee: decision.fee, total: decision.total, currency: decision.currency, reasons: decision.reasons,
                          sentences: wording.sentences(decision, cards: visit.cards.count), reversedAt: nil, reversalReason: nil)
        let sale = SaleRecord()
        (sale.programmeID, sale.clientID, sale.fingerprint, sale.outletID) = (hold.programmeID, hold.clientID, visit.fingerprint, visit.outletID)
        (sale.terminalID, sale.sellerID, sale.holderID, sale.channel, sale.at) = (hold.terminalID, hold.sellerID, visit.holderID, visit.channel, now)
        (sale.allowed, sale.policyVersion, sale.decision, sale.holds) = (decision.allowed, decision.policyVersion, try Sales.json(dto), true)
        try await sale.create(on: db)
        let saleID = try sale.requireID()
        for line in decision.lines {
            let row = SaleLineRecord()
            (row.saleID, row.personID, row.class, row.quantity) = (saleID, visit.cardPersonIDs[line.card], line.class, line.quantity)
            (row.amount, row.channel, row.donated, row.at, row.reversed) = (line.amount.hundredths, visit.channel, false, now, false)
            try await row.create(on: db)
        }
        guard decision.allowed else { return (dto, nil) }
        let reservation = ReservationRecord()
        (reservation.programmeID, reservation.saleID, reservation.outletID, reservation.kind) = (hold.programmeID, saleID, visit.outletID, hold.kind.rawValue)
        (reservation.state, reservation.createdAt, reservation.readyAt, reservation.expiresAt) = (State.held.rawValue, now, hold.readyAt, hold.expiresAt)
        (reservation.payBy, reservation.roundID) = (hold.payBy, hold.roundID)
        if let number = hold.number {
            reservation.number = number
        } else {
            reservation.number = try await nextTicket(outletID: visit.outletID, zone: TimeZone(identifier: rules.policy.timeZone) ?? .gmt, now: now, on: db)
        }
        try await reservation.create(on: db)
        return (dto, reservation)
    }

    /// The states of a reservation; every one but `held` is an end.
    enum State: String, Sendable, CaseIterable {
        case held, completed, expired, cancelled
    }

    /// Ends a held reservation once, as `state`: a pickup hands the units over (they must be on
    /// hand), anything else gives quota and stock back. Throws a conflict when it has ended already.
    static func end(_ id: Int, as state: State, reason: String, by who: String?, at now: Date, on db: any Database) async throws -> ReservationRecord {
        precondition(state != .held)
        if db.sql.dialect.name == "postgresql" {
            // Two ends of one reservation take turns; the second sees the first's.
            try await db.sql.raw("SELECT id FROM \(ident: ReservationRecord.schema) WHERE id = \(bind: id) FOR UPDATE").run()
        }
        guard let reservation = try await ReservationRecord.find(id, on: db) else { throw DomainError.notFound(entity: "reservation", id: String(id)) }
        guard reservation.state == State.held.rawValue else { throw DomainError.conflict("This reservation has already ended: \(reservation.state).") }
        let lines = try await SaleLineRecord.query(on: db).filter(\.$saleID == reservation.saleID).all()
        var totals: [String: Int] = [:]
        for line in lines { totals[line.class, default: 0] += line.quantity }
        let outletID = reservation.outletID
        for (name, quantity) in totals.sorted(by: { $0.key < $1.key }) {
            if state == .completed {
                let handed = try await db.sql.raw("""
                    UPDATE \(ident: StockRecord.schema) SET on_hand = on_hand - \(bind: quantity), held = held - \(bind: quantity)
                    WHERE outlet_id = \(bind: outletID) AND class = \(bind: name) AND on_hand >= \(bind: quantity) RETURNING id
                    """).all()
                guard !handed.isEmpty else {
                    throw DomainError.conflict("The outlet does not have \(quantity) \(name) on hand to hand over; confirm the round's delivery first.")
                }
            } else {
                try await changeHeld(outletID: outletID, class: name, by: -quantity, on: db)
            }
        }
        for (name, quantity) in totals.sorted(by: { $0.key < $1.key }) {
            try await StockLedger.record(state == .completed ? "pickup" : "release", outletID: outletID, class: name, quantity: quantity,
                                         note: "reservation \(id)", by: who, now: now, on: db)
        }
        if state != .completed {
            try await SaleLineRecord.query(on: db).filter(\.$saleID == reservation.saleID).set(\.$reversed, to: true).update()
            try await SaleRecord.query(on: db).filter(\.$id == reservation.saleID)
                .set(\.$reversedAt, to: now).set(\.$reversalReason, to: reason).update()
        }
        (reservation.state, reservation.endedAt) = (state.rawValue, now)
        try await reservation.save(on: db)
        return reservation
    }

    /// Adds `quantity` (negative to give back) to what an outlet holds of a class, creating the row.
    private static func changeHeld(outletID: Int, class name: String, by quantity: Int, on db: any Database) async throws {
        let updated = try await db.sql.raw("""
            UPDATE \(ident: StockRecord.schema) SET held = held + \(bind: quantity) WHERE outlet_id = \(bind: outletID) AND class = \(bind: name) RETURNING id
            """).all()
        if updated.isEmpty {
            let row = StockRecord()
            (row.outletID, row.class, row.onHand, row.held) = (outletID, name, 0, quantity)
            try await row.create(on: db)
        }
    }

    /// The next ticket number of the outlet's day (from 1 each local morning), under its stock lock.
    private static func nextTicket(outletID: Int, zone: TimeZone, now: Date, on db: any Database) async throws -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let morning = calendar.startOfDay(for: now)
        let issued = try await ReservationRecord.query(on: db).filter(\.$outletID == outletID).filter(\.$kind == Kind.ticket.rawValue)
            .filter(\.$createdAt >= morning).count()
        return String(issued + 1)
    }
}
