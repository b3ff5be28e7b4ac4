import AmityCore
import Crypto
import Fluent
import PostgresKit
import SQLKit
import Vapor

/// Sales: one visit decided and, when allowed, committed with its stock in one transaction, under
/// the client's sale id so a retry gets the first answer and never a second sale.
///
/// Quota holds across outlets, channels and instances because every batch of sales (`SaleBatch`)
/// locks the people it sells to (PostgreSQL, in id order) or takes SQLite's write lock, and reads
/// their history only then; stock holds because the outlets' stock rows are locked the same way.
struct Sales {
    let request: Request

    /// Who is selling: an outlet's terminal, or a person running the programme.
    enum Seller {
        case terminal(TerminalCredential)
        case person(Actor)

        var personID: Int? { if case .person(let actor) = self { actor.personID } else { nil } }
        var terminalID: Int? { if case .terminal(let credential) = self { credential.terminalID } else { nil } }
    }

    /// Authorizes a seller for the programme before anything of the body is read.
    func seller(_ programme: ProgrammeRecord) async throws -> Seller {
        if let terminal = request.terminal {
            guard terminal.programmeID == programme.id else { throw Abort(.forbidden, reason: "This terminal belongs to another programme.") }
            return .terminal(terminal)
        }
        return .person(try await Programmes(request: request).authorizeRunning(programme))
    }

    /// Decides and, when allowed, commits a visit; `replayed` when the sale id was already answered.
    /// `json` is the answer as kept, which every reply for the sale id sends byte for byte.
    func sell(_ programme: ProgrammeRecord, _ input: SaleRequest, seller: Seller) async throws -> (sale: SaleDTO, json: String, replayed: Bool) {
        let programmeID = try programme.requireID()
        let visit = try await checkedVisit(programme, input, seller: seller)
        // A sale id answered before is found by the batch, which looks every id up anyway.
        let sale = PendingSale(programmeID: programmeID, clientID: input.saleId, visit: visit, expectedVersion: input.policyVersion,
                               terminalID: seller.terminalID, sellerID: seller.personID)
        return try await request.application.saleQueue.ask(sale, app: request.application)
    }

    /// The decision on `visit` at `now`, from the people's history and the outlet's stock as `db` sees them.
    static func decide(_ visit: CheckedVisit, under rules: RationRules, at now: Date, on db: any Database) async throws -> RationDecision {
        let history = try await SaleHistory.purchases(of: Array(visit.people.keys), since: rules.historyStart(at: now), now: now, on: .sql(db.sql)).values.flatMap { $0 }
        let stockRows = try await StockRecord.query(on: db).filter(\.$outletID == visit.outletID).all()
        // Held units are spoken for: a walk-in gets what is left.
        let stock = Dictionary(uniqueKeysWithValues: stockRows.map { ($0.class, $0.onHand - $0.held) })
        return rules.decide(Visit(holder: visit.holder, cards: visit.cards, channel: visit.channel, at: now), history: history, stock: stock)
    }

    /// What the counter would answer now, without selling: the check staff see before they confirm.
    func preview(_ programme: ProgrammeRecord, _ input: SaleRequest, seller: Seller) async throws -> RationDecision {
        let visit = try await checkedVisit(programme, input, seller: seller)
        let now = request.application.clock.now()
        let schedule = try await request.application.programmeCache.schedule(of: programme, on: request.db)
        guard let rules = schedule.inForce(at: now) else { throw DomainError.invalid("policyVersion", key: "error_no_policy_in_force") }
        return try await Self.decide(visit, under: rules, at: now, on: request.db)
    }

    /// A visit ready to decide: its outlet, its people found by their documents, its fingerprint.
    struct CheckedVisit {
        var outletID: Int
        var channel: String
        var holder: Cardholder
        var holderID: Int
        var cards: [Card]
        /// The registered person of each card, by card index.
        var cardPersonIDs: [Int]
        var people: [Int: Cardholder]
        var fingerprint: String
    }

    func checkedVisit(_ programme: ProgrammeRecord, _ input: SaleRequest, seller: Seller) async throws -> CheckedVisit {
        let programmeID = try programme.requireID()
        var errors: [DomainError.FieldError] = []
        if !Self.isSaleID(input.saleId) { errors.append(.init(field: "saleId", key: "error_sale_id")) }
        if !(1...10).contains(input.cards.count) { errors.append(.init(field: "cards", key: "error_number_range", ["min": "1", "max": "10"])) }
        for (index, card) in input.cards.enumerated() {
            if !(1...10).contains(card.lines.count) { errors.append(.init(field: "cards[\(index)].lines", key: "error_number_range", ["min": "1", "max": "10"])) }
            // A quantity no limit could allow is a typing slip, refused unrecorded, not a decision kept under the sale id.
            for (line, item) in card.lines.enumerated() where !(1...1_000_000).contains(item.quantity) {
                errors.append(.init(field: "cards[\(index)].lines[\(line)].quantity", key: "error_number_range", ["min": "1", "max": "1,000,000"]))
            }
        }
        let channel = input.channel ?? "counter"
        if !RationPolicy.isName(channel) { errors.append(.init(field: "channel", key: "error_name")) }
        var outletID = input.outletId
        if case .terminal(let terminal) = seller {
            if let asked = input.outletId, asked != terminal.outletID { throw Abort(.forbidden, reason: "This terminal sells at its own outlet only.") }
            outletID = terminal.outletID
        }
        if case .terminal = seller {
            // The terminal's own outlet, which its credential already ties to this programme.
        } else if let outletID {
            if try await OutletRecord.query(on: request.db).filter(\.$id == outletID).filter(\.$programmeID == programmeID).first() == nil {
                errors.append(.init(field: "outletId", key: "error_no_outlet", ["id": String(outletID)]))
            }
        } else {
            errors.append(.init(field: "outletId", key: "error_required"))
        }
        let documentKey = request.application.documentKey
        var keys: [String?] = []
        for (index, card) in input.cards.enumerated() {
            do { keys.append(try documentKey.programmeKey(card.document, programmeID: programmeID, field: "cards[\(index)].document")) }
            catch let DomainError.invalid(fields) { errors += fields; keys.append(nil) }
        }
        var holderKey: String?
        if let holder = input.holder {
            do { holderKey = try documentKey.programmeKey(holder, programmeID: programmeID, field: "holder") } catch let DomainError.invalid(fields) { errors += fields }
        }
        guard errors.isEmpty, let outletID else { throw DomainError.invalid(errors) }
        let wanted = Set(keys.compactMap { $0 } + [holderKey].compactMap { $0 })
        let rows = try await request.application.rationingReads.registered.ask((wanted, programmeID), app: request.application)
        let byKey = Dictionary(uniqueKeysWithValues: rows.map { ($0.documentKey, $0) })
        for (index, key) in keys.enumerated() where byKey[key ?? ""] == nil {
            errors.append(.init(field: "cards[\(index)].document", key: "error_not_registered"))
        }
        if let holderKey, byKey[holderKey] == nil { errors.append(.init(field: "holder", key: "error_not_registered")) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        let holderRow = byKey[holderKey ?? keys[0]!]!
        var persons: [Int: Cardholder] = [:]
        for row in rows { persons[row.id] = try RegisteredPeople.person(row) }
        let cardIDs = keys.map { byKey[$0!]!.id }
        let cards = zip(cardIDs, input.cards).map { Card(persons[$0.0]!, $0.1.lines) }
        // What identifies the visit: the same sale id with anything else is a conflict.
        let fingerprint = "\(outletID)|\(channel)|\(holderRow.id)|" + zip(cardIDs, input.cards).map { id, card in
            "\(id):" + card.lines.map { "\($0.class)=\($0.quantity)" }.joined(separator: ",")
        }.joined(separator: ";")
        return CheckedVisit(outletID: outletID, channel: channel, holder: persons[holderRow.id]!, holderID: holderRow.id,
                            cards: cards, cardPersonIDs: cardIDs, people: persons, fingerprint: SHA256.hash(data: Data(fingerprint.utf8)).hexDigits)
    }

    /// 1 to 64 letters, digits, `-`, `_`, `.` or `:` (a UUID, a terminal's sequence number).
    static func isSaleID(_ text: String) -> Bool {
        (1...64).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }
    }

    /// A sale id's kept answer: what a replay needs, and no more.
    struct Kept: ColumnRow, Sendable {
        var programmeID: Int
        var clientID: String
        var fingerprint: String
        var decision: String

        init(programmeID: Int, clientID: String, fingerprint: String, decision: String) {
            (self.programmeID, self.clientID, self.fingerprint, self.decision) = (programmeID, clientID, fingerprint, decision)
        }

        init(columns row: any SQLRow) throws {
            self.init(programmeID: try row.decode(column: "programme_id", as: Int.self), clientID: try row.decode(column: "client_id", as: String.self),
                      fingerprint: try row.decode(column: "fingerprint", as: String.self), decision: try row.decode(column: "decision", as: String.self))
        }
    }

    /// The answers kept under these sale ids (each in its programme); one plain query, asked once a batch.
    static func kept(_ ids: [(programmeID: Int, clientID: String)], on connection: HotConnection) async throws -> [Kept] {
        guard !ids.isEmpty else { return [] }
        switch connection {
        case .postgres(let postgres):
            return try await postgres.all(KeptAnswers(programmes: ids.map(\.programmeID), saleIDs: ids.map(\.clientID)))
        case .sql(let db):
            let asked = Set(ids.map { "\($0.programmeID)|\($0.clientID)" })
            return try await db.raw("""
                SELECT programme_id, client_id, fingerprint, decision FROM \(unsafeRaw: SaleRecord.schema)
                WHERE programme_id IN (\(binds: Set(ids.map(\.programmeID)).sorted())) AND client_id IN (\(binds: Set(ids.map(\.clientID)).sorted()))
                """).all(reading: Kept.self).filter { asked.contains("\($0.programmeID)|\($0.clientID)") }
        }
    }

    /// `kept` on PostgreSQL.
    private struct KeptAnswers: HotStatement {
        typealias Row = Kept
        static let name = "amity_sale_kept"
        // One probe of the index by programme and id for each id (see `HotStatement`).
        static let sql = """
            SELECT s.programme_id, s.client_id, s.fingerprint, s.decision FROM unnest($1::bigint[], $2::text[]) AS k(programme_id, client_id) \
            CROSS JOIN LATERAL (SELECT programme_id, client_id, fingerprint, decision FROM \(SaleRecord.schema) \
            WHERE programme_id = k.programme_id AND client_id = k.client_id OFFSET 0) s
            """
        var programmes: [Int], saleIDs: [String]

        func makeBindings() -> PostgresBindings { PostgresBindings(programmes, saleIDs) }
    }

    /// The first answer for a sale id, or a conflict when the id was used for another visit.
    static func replay(_ sale: Kept, fingerprint: String) throws -> SaleDTO {
        guard sale.fingerprint == fingerprint else { throw reused(sale.clientID) }
        return try JSONDecoder.amity.decode(SaleDTO.self, from: Data(sale.decision.utf8))
    }

    /// The conflict of a sale id sent again for another visit.
    static func reused(_ saleID: String) -> DomainError {
        DomainError.conflict("Sale id \(saleID) was already used for another sale; choose a new id for a new sale.")
    }

    /// A sale as it stands now, reversal included.
    func find(_ programme: ProgrammeRecord, saleID: String) async throws -> SaleDTO {
        guard let sale = try await SaleRecord.query(on: request.db).filter(\.$programmeID == programme.requireID()).filter(\.$clientID == saleID).first() else {
            throw DomainError.notFound(entity: "sale", id: saleID)
        }
        if case .terminal(let terminal) = try await seller(programme), terminal.outletID != sale.outletID {
            throw DomainError.notFound(entity: "sale", id: saleID)
        }
        var dto = try JSONDecoder.amity.decode(SaleDTO.self, from: Data(sale.decision.utf8))
        (dto.reversedAt, dto.reversalReason) = (sale.reversedAt, sale.reversalReason)
        return dto
    }

    /// Reverses an allowed sale once: its quota and its stock come back, with the reason kept.
    func reverse(_ programme: ProgrammeRecord, saleID: String, reason: String?, seller: Seller) async throws -> SaleDTO {
        let reason = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...1_000).contains(reason.count) else { throw DomainError.invalid("reason", key: "error_reason_reversal") }
        let programmeID = try programme.requireID()
        return try await request.application.transaction(personID: seller.personID, on: request.db) { trail in
            let db = trail.db
            try await Terminals.requireLive(seller, on: db.sql)
            if db.sql.dialect.name == "postgresql" {
                // Two reversals of one sale take turns; the second sees the first's.
                try await db.sql.raw("SELECT id FROM \(ident: SaleRecord.schema) WHERE programme_id = \(bind: programmeID) AND client_id = \(bind: saleID) FOR UPDATE").run()
            }
            guard let sale = try await SaleRecord.query(on: db).filter(\.$programmeID == programmeID).filter(\.$clientID == saleID).first() else {
                throw DomainError.notFound(entity: "sale", id: saleID)
            }
            if case .terminal(let terminal) = seller, terminal.outletID != sale.outletID { throw DomainError.notFound(entity: "sale", id: saleID) }
            let lines = try await SaleLineRecord.query(on: db).filter(\.$saleID == sale.requireID()).all()
            if db.sql.dialect.name == "postgresql" {
                let ids = Set(lines.map(\.personID)).sorted() as [any Encodable & Sendable]
                if !ids.isEmpty { try await db.sql.raw("SELECT id FROM \(ident: RegisteredPersonRecord.schema) WHERE id IN (\(binds: ids)) ORDER BY id FOR UPDATE").run() }
                try await db.sql.raw("SELECT id FROM \(ident: StockRecord.schema) WHERE outlet_id = \(bind: sale.outletID) ORDER BY id FOR UPDATE").run()
            }
            guard sale.allowed else { throw DomainError.conflict("A refused visit sold nothing; there is nothing to reverse.") }
            guard !sale.holds else { throw DomainError.conflict("This sale holds a reservation; cancel the reservation instead.") }
            guard sale.reversedAt == nil else { throw DomainError.conflict("This sale was already reversed.") }
            (sale.reversedAt, sale.reversalReason) = (trail.now, reason)
            try await sale.save(on: db)
            try await SaleLineRecord.query(on: db).filter(\.$saleID == sale.requireID()).set(\.$reversed, to: true).update()
            let who = seller.terminalID.map { "terminal:\($0)" } ?? seller.personID.map { "person:\($0)" }
            for line in lines {
                try await StockMovements.change(outletID: sale.outletID, class: line.class, by: line.quantity, on: db)
                try await StockLedger.record("return", outletID: sale.outletID, class: line.class, quantity: line.quantity, note: "sale \(saleID)", by: who, now: trail.now, on: db)
            }
            var dto = try JSONDecoder.amity.decode(SaleDTO.self, from: Data(sale.decision.utf8))
            (dto.reversedAt, dto.reversalReason) = (sale.reversedAt, sale.reversalReason)
            try await trail.record("reverse", "sale", id: "\(programmeID)/\(saleID)", after: dto)
            return dto
        }
    }

    static func json(_ dto: SaleDTO) throws -> String {
        String(decoding: try JSONEncoder.amity.encode(dto), as: UTF8.self)
    }
}

extension JSONEncoder {
    /// How sale answers are kept: ISO 8601 dates, sorted keys, so a replay is byte for byte the same.
    /// One for the process: an encoder's options are fixed once made, and making one per sale costs.
    static let amity: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
