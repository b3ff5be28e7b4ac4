import AmityCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Pre-order rounds (Taiwan's eMask): an order window, a cap, a public lottery when more enter
/// than the cap holds, then each winner's order held for pickup at the outlet they chose.
struct Rounds {
    let app: Application
    let db: any Database

    /// The largest cap and quantity a round takes: a nation's population, a month's allowance.
    static let largestCap = 100_000_000
    static let largestQuantity = 1_000

    /// Opens a round: its seed is made now and only its hash shown until the draw. With
    /// `renewalOf`, the entrants of that (closed) round who asked to renew are entered at once.
    func create(_ input: CreateRoundRequest, programme: ProgrammeRecord, by personID: Int?, trail: AuditTrail) async throws -> RoundDTO {
        let programmeID = try programme.requireID()
        let schedule = try await app.programmeCache.schedule(of: programme, on: trail.db)
        let classes = Set(schedule.versions.flatMap(\.policy.classes))
        var errors: [DomainError.FieldError] = []
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.append(.init(field: "name", key: "error_required")) }
        if let error = DomainError.FieldError.length("name", name, max: 200) { errors.append(error) }
        if !classes.contains(input.class) {
            errors.append(.init(field: "class", key: "error_choice", ["text": input.class, "choices": classes.sorted().joined(separator: ", ")]))
        }
        if !(1...Self.largestQuantity).contains(input.quantity) { errors.append(.init(field: "quantity", key: "error_number_range", ["min": "1", "max": "1,000"])) }
        if !(1...Self.largestCap).contains(input.cap) { errors.append(.init(field: "cap", key: "error_number_range", ["min": "1", "max": "100,000,000"])) }
        let allocation = input.allocation ?? "lottery"
        if !["lottery", "fcfs"].contains(allocation) { errors.append(.init(field: "allocation", key: "error_choice", ["text": allocation, "choices": "lottery, fcfs"])) }
        if input.closesAt <= input.opensAt { errors.append(.init(field: "closesAt", key: "error_ends_before_start")) }
        if input.closesAt <= trail.now { errors.append(.init(field: "closesAt", key: "error_future")) }
        if input.pickupFrom < input.closesAt { errors.append(.init(field: "pickupFrom", key: "error_after_close")) }
        if input.pickupUntil <= input.pickupFrom { errors.append(.init(field: "pickupUntil", key: "error_ends_before_start")) }
        if let payBy = input.payBy, payBy <= input.closesAt || payBy > input.pickupUntil { errors.append(.init(field: "payBy", key: "error_pay_window")) }
        var renewed: RoundRecord?
        if let previous = input.renewalOf {
            renewed = try await RoundRecord.find(previous, on: trail.db)
            if renewed?.programmeID != programmeID { errors.append(.init(field: "renewalOf", key: "error_no_round", ["id": String(previous)])) }
            else if let renewed, renewed.closesAt > trail.now { errors.append(.init(field: "renewalOf", key: "error_round_open")) }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        let seed = PublicLottery.freshSeed()
        let round = RoundRecord()
        (round.programmeID, round.name, round.class, round.quantity, round.cap, round.allocation) = (programmeID, name, input.class, input.quantity, input.cap, allocation)
        round.taken = 0
        (round.opensAt, round.closesAt, round.payBy, round.pickupFrom, round.pickupUntil) = (input.opensAt, input.closesAt, input.payBy, input.pickupFrom, input.pickupUntil)
        (round.seed, round.seedHash, round.renewalOf, round.createdBy, round.createdAt) = (seed, PublicLottery.commitment(to: seed), input.renewalOf, personID, trail.now)
        try await round.create(on: trail.db)
        if let renewed {
            // Each renewing entrant in their first round's order, under a new ticket; FCFS keeps to the cap.
            let entries = try await RoundEntryRecord.query(on: trail.db).filter(\.$roundID == renewed.requireID()).filter(\.$renew == true)
                .sort(\.$id).all()
            for entry in entries.prefix(allocation == "fcfs" ? input.cap : entries.count) {
                try await add(personID: entry.personID, outletID: entry.outletID, renew: true, to: round, at: trail.now, on: trail.db)
            }
        }
        let dto = try await dto(round, now: trail.now)
        try await trail.record("create", "round", id: String(try round.requireID()), cityID: programme.cityID, after: dto)
        return dto
    }

    /// Enters a registered person, if the rules in force would let them order now (no day gate in
    /// this channel unless the policy says so). Once in, the same person gets their entry back.
    func enter(_ input: RoundEntryRequest, round: RoundRecord, programme: ProgrammeRecord, trail: AuditTrail) async throws -> (RoundEntryDTO, created: Bool) {
        let programmeID = try programme.requireID(), roundID = try round.requireID()
        let now = trail.now
        let db = trail.db
        if db.sql.dialect.name == "postgresql" {
            // A draw waits for entries in flight; FCFS entries take turns, so the cap holds.
            try await db.sql.raw("SELECT id FROM \(ident: RoundRecord.schema) WHERE id = \(bind: roundID) FOR \(unsafeRaw: round.allocation == "fcfs" ? "UPDATE" : "SHARE")").run()
        }
        guard now >= round.opensAt else { throw DomainError.conflict("The round opens at \(round.opensAt.formatted(.iso8601)).") }
        guard now < round.closesAt else { throw DomainError.conflict("The round closed at \(round.closesAt.formatted(.iso8601)).") }
        let key = try app.documentKey.programmeKey(input.document, programmeID: programmeID, field: "document")
        guard let person = try await RegisteredPersonRecord.query(on: db).filter(\.$programmeID == programmeID).filter(\.$documentKey == key).first() else {
            throw DomainError.invalid("document", key: "error_not_registered")
        }
        guard try await OutletRecord.query(on: db).filter(\.$id == input.outletId).filter(\.$programmeID == programmeID).first() != nil else {
            throw DomainError.invalid("outletId", key: "error_no_outlet", ["id": String(input.outletId)])
        }
        let personID = try person.requireID()
        if let entry = try await RoundEntryRecord.query(on: db).filter(\.$roundID == roundID).filter(\.$personID == personID).first() {
            return (Self.dto(entry), false)
        }
        // Read again under the lock: the places taken since the caller read the round count.
        guard let current = try await RoundRecord.find(roundID, on: db) else { throw DomainError.notFound(entity: "round", id: String(roundID)) }
        if current.allocation == "fcfs", current.taken >= current.cap {
            throw DomainError.conflict("The round is full: \(round.cap) orders, first come, first served.")
        }
        guard let rules = try await app.programmeCache.schedule(of: programme, on: db).inForce(at: now) else {
            throw DomainError.invalid("policyVersion", key: "error_no_policy_in_force")
        }
        let cardholder = try RegisteredPeople.person(.init(person))
        let history = try await SaleHistory.purchases(of: [personID], since: rules.historyStart(at: now), now: now, on: .sql(db.sql))[personID] ?? []
        let visit = Visit(holder: cardholder, cards: [Card(cardholder, [Line(round.class, round.quantity)])], channel: "preorder", at: now)
        let decision = rules.decide(visit, history: history, stock: [round.class: round.quantity])
        guard decision.allowed else {
            let wording = RationWording(catalogue: app.catalogue, language: .english)
            return (RoundEntryDTO(accepted: false, ticket: nil, roundId: roundID, outletId: input.outletId, renew: input.renew ?? false, enteredAt: nil,
                                  outcome: nil, reservationId: nil, reasons: decision.reasons, sentences: wording.sentences(decision, cards: 1)), false)
        }
        let entry = try await add(personID: personID, outletID: input.outletId, renew: input.renew ?? false, to: current, at: now, on: db)
        // The audit keeps that someone entered, never who: the ticket is theirs alone to show.
        try await trail.record("enter", "round", id: "\(roundID)/\(try entry.requireID())", cityID: programme.cityID)
        return (Self.dto(entry), true)
    }

    @discardableResult
    private func add(personID: Int, outletID: Int, renew: Bool, to round: RoundRecord, at now: Date, on db: any Database) async throws -> RoundEntryRecord {
        let roundID = try round.requireID()
        var ticket = PublicLottery.freshTicket()
        // About 50 random bits: among millions of tickets two can meet; the second draws again.
        while try await RoundEntryRecord.query(on: db).filter(\.$roundID == roundID).filter(\.$ticket == ticket).first() != nil {
            ticket = PublicLottery.freshTicket()
        }
        let entry = RoundEntryRecord()
        (entry.roundID, entry.personID, entry.ticket, entry.outletID, entry.enteredAt, entry.renew) = (roundID, personID, ticket, outletID, now, renew)
        try await entry.create(on: db)
        if round.allocation == "fcfs" {
            round.taken += 1
            try await round.save(on: db)
        }
        return entry
    }

    /// Draws a closed round (once): the winners by the published rule, their places, every other
    /// entry lost and the seed published. A national round's tickets are ranked outside any write
    /// and their places written 10,000 at a time, so sales never wait long behind the draw; the
    /// seed and the losers are published last, in one turn, and a draw cut short is run again
    /// (it gives the same places).
    func draw(_ roundID: Int, by personID: Int?) async throws -> RoundRecord {
        // A write turn first: on SQLite it comes after every entry in flight, on PostgreSQL its lock
        // waits for theirs; after it, the entries are all there is.
        let round = try await app.transaction(personID: personID) { trail in try await closed(roundID, at: trail.now, on: trail.db) }
        let tickets = try await Self.tickets(of: roundID, on: app.db.sql)
        let winners = PublicLottery(seed: round.seed, cap: round.cap).winners(of: tickets)
        for start in stride(from: 0, to: winners.count, by: 10_000) {
            let part = Array(winners[start..<min(start + 10_000, winners.count)])
            try await app.transaction(personID: nil) { trail in try await Self.place(part, from: start + 1, in: roundID, on: trail.db.sql) }
        }
        return try await app.transaction(personID: personID) { trail in
            let round = try await closed(roundID, at: trail.now, on: trail.db)
            try await trail.db.sql.raw("""
                UPDATE \(ident: RoundEntryRecord.schema) SET outcome = 'lost' WHERE round_id = \(bind: roundID) AND place IS NULL
                """).run()
            round.drawnAt = trail.now
            try await round.save(on: trail.db)
            try await trail.record("draw", "round", id: String(roundID), after: try await dto(round, now: trail.now, on: trail.db))
            return round
        }
    }

    /// The round, held for update, once it has closed and while it is undrawn.
    private func closed(_ roundID: Int, at now: Date, on db: any Database) async throws -> RoundRecord {
        if db.sql.dialect.name == "postgresql" {
            try await db.sql.raw("SELECT id FROM \(ident: RoundRecord.schema) WHERE id = \(bind: roundID) FOR UPDATE").run()
        }
        guard let round = try await RoundRecord.find(roundID, on: db) else { throw DomainError.notFound(entity: "round", id: String(roundID)) }
        guard round.drawnAt == nil else { throw DomainError.conflict("This round was drawn at \(round.drawnAt!.formatted(.iso8601)).") }
        guard now >= round.closesAt else { throw DomainError.conflict("The round closes at \(round.closesAt.formatted(.iso8601)); it is drawn after.") }
        return round
    }

    /// Marks `tickets` won, with places from `first` on, joined by ticket a thousand a statement (the binds SQLite takes).
    private static func place(_ tickets: [String], from first: Int, in roundID: Int, on sql: any SQLDatabase) async throws {
        for start in stride(from: 0, to: tickets.count, by: 1_000) {
            let places = tickets[start..<min(start + 1_000, tickets.count)].enumerated().map { offset, ticket -> SQLQueryString in
                "(\(bind: ticket), \(bind: first + start + offset))"
            }
            try await sql.raw("""
                WITH w(ticket, place) AS (VALUES \(places.joined(separator: ", ")))
                UPDATE \(ident: RoundEntryRecord.schema) SET outcome = 'won', place = w.place FROM w
                WHERE \(ident: RoundEntryRecord.schema).round_id = \(bind: roundID) AND \(ident: RoundEntryRecord.schema).ticket = w.ticket
                """).run()
        }
    }

    /// Makes the orders of up to `limit` winners of a drawn round, in one transaction: each a
    /// pre-order reservation at the outlet they chose, decided under the rules in force now; a
    /// winner the rules now refuse (they bought their allowance meanwhile) is `refused`. Marks the
    /// round settled when none is left; returns how many it made or refused.
    func settle(_ roundID: Int, limit: Int = 200) async throws -> Int {
        try await app.transaction(personID: nil) { trail in
            let db = trail.db
            guard let round = try await RoundRecord.find(roundID, on: db), round.drawnAt != nil, round.settledAt == nil else { return 0 }
            let entries = try await RoundEntryRecord.query(on: db).filter(\.$roundID == roundID).filter(\.$outcome == "won")
                .filter(\.$reservationID == nil).sort(\.$place).limit(limit).all()
            guard !entries.isEmpty else {
                round.settledAt = trail.now
                try await round.save(on: db)
                return 0
            }
            guard let programme = try await ProgrammeRecord.find(round.programmeID, on: db) else { return 0 }
            let rules = try await app.programmeCache.schedules(of: [round.programmeID], on: db.sql)[round.programmeID]?.inForce(at: trail.now)
            try await ReservationLedger.lock(people: entries.map(\.personID), outlets: entries.map(\.outletID), on: db)
            let people = try await RegisteredPersonRecord.query(on: db).filter(\.$id ~~ Set(entries.map(\.personID))).all()
            let byID = Dictionary(uniqueKeysWithValues: try people.map { (try $0.requireID(), try RegisteredPeople.person(.init($0))) })
            for entry in entries {
                guard let rules, let person = byID[entry.personID] else {
                    entry.outcome = "refused"
                    try await entry.save(on: db)
                    continue
                }
                let lines = [Line(round.class, round.quantity)]
                let visit = Sales.CheckedVisit(outletID: entry.outletID, channel: "preorder", holder: person, holderID: entry.personID, cards: [Card(person, lines)],
                                               cardPersonIDs: [entry.personID], people: [entry.personID: person],
                                               fingerprint: "round \(roundID) ticket \(entry.ticket)")
                let hold = ReservationLedger.Hold(programmeID: try programme.requireID(), clientID: "round-\(roundID)-\(entry.ticket)", visit: visit,
                                                  kind: .preorder, readyAt: round.pickupFrom, expiresAt: round.pickupUntil, payBy: round.payBy,
                                                  roundID: roundID, number: entry.ticket, terminalID: nil, sellerID: nil)
                let (_, reservation) = try await ReservationLedger.hold(hold, under: rules, at: trail.now, catalogue: app.catalogue, on: db)
                if let reservation { entry.reservationID = try reservation.requireID() } else { entry.outcome = "refused" }
                try await entry.save(on: db)
            }
            return entries.count
        }
    }

    /// The tickets of a round in entry order (the order they were recorded in): what `entries.csv`
    /// publishes and the draw ranks. Read 50,000 at a time along the round's index, so millions never
    /// sit in one result; the page's key is the id alone, which a read returns exactly (a time read
    /// back from SQLite as a floating-point number may not compare equal to itself).
    static func tickets(of roundID: Int, on sql: any SQLDatabase, page: Int = 50_000) async throws -> [String] {
        struct Row: Decodable { var id: Int; var ticket: String }
        var tickets: [String] = [], last = 0
        while true {
            let rows = try await sql.raw("""
                SELECT id, ticket FROM \(ident: RoundEntryRecord.schema) WHERE round_id = \(bind: roundID) AND id > \(bind: last) ORDER BY id LIMIT \(bind: page)
                """).all(decoding: Row.self)
            tickets += rows.map(\.ticket)
            guard rows.count == page, let next = rows.last?.id else { return tickets }
            last = next
        }
    }

    /// The winners of a drawn round by place: what `winners.csv` publishes.
    static func winners(of roundID: Int, on sql: any SQLDatabase) async throws -> [String] {
        struct Row: Decodable { var ticket: String }
        return try await sql.raw("""
            SELECT ticket FROM \(ident: RoundEntryRecord.schema) WHERE round_id = \(bind: roundID) AND place IS NOT NULL ORDER BY place
            """).all(decoding: Row.self).map(\.ticket)
    }

    func dto(_ round: RoundRecord, now: Date, on database: (any Database)? = nil) async throws -> RoundDTO {
        let db = database ?? self.db
        let id = try round.requireID()
        let entries = round.allocation == "fcfs" ? round.taken : try await RoundEntryRecord.query(on: db).filter(\.$roundID == id).count()
        let winners = round.drawnAt == nil ? nil : try await RoundEntryRecord.query(on: db).filter(\.$roundID == id).filter(\.$place != nil).count()
        let state = round.drawnAt != nil ? "drawn" : now >= round.closesAt ? "closed" : now >= round.opensAt ? "open" : "scheduled"
        let base = "/api/v1/rationing/rounds/\(id)"
        return RoundDTO(id: id, programmeId: round.programmeID, name: round.name, class: round.class, quantity: round.quantity, cap: round.cap,
                        allocation: round.allocation, opensAt: round.opensAt, closesAt: round.closesAt, payBy: round.payBy, pickupFrom: round.pickupFrom,
                        pickupUntil: round.pickupUntil, state: state, seedHash: round.seedHash, seed: round.drawnAt == nil ? nil : round.seed,
                        drawnAt: round.drawnAt, entries: entries, winners: winners, renewalOf: round.renewalOf,
                        entriesCSV: "\(base)/entries.csv", winnersCSV: "\(base)/winners.csv")
    }

    static func dto(_ entry: RoundEntryRecord) -> RoundEntryDTO {
        RoundEntryDTO(accepted: true, ticket: entry.ticket, roundId: entry.roundID, outletId: entry.outletID, renew: entry.renew, enteredAt: entry.enteredAt,
                      outcome: entry.outcome, reservationId: entry.reservationID, reasons: [], sentences: [])
    }
}
