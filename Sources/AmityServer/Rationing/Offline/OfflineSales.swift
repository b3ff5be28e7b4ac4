import AmityCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Sales an outlet made while cut off from the central check, sent by its terminal once it is
/// back (I9). Each was a hand-over that happened: every one is recorded, none refused, and each
/// is reconciled on arrival against the rules in force at its own time and the history known
/// before it. What the rules would have refused is an over-grant; what passes the programme's
/// allowance per person and day is beyond the allowance; what the outlet's stock never recorded
/// is stock short. `report` sums them per outlet.
struct OfflineSales {
    let request: Request

    /// Sales per batch at most.
    static let largestBatch = 500
    /// How far back an offline sale may be dated: a terminal cut off longer reconciles by hand.
    static let oldest: TimeInterval = 14 * 86_400
    /// How far ahead of the server's clock a terminal's may run.
    static let skew: TimeInterval = 5 * 60
    /// A terminal's sequence numbers: a billion sales is more than any counter makes, and the bound
    /// keeps the count of the gaps' ends far from overflow.
    static let sequences = 1...1_000_000_000

    /// The terminal a seller must be to send offline sales: no person sends what an outlet sold while cut off.
    static func terminal(_ seller: Sales.Seller) throws -> TerminalCredential {
        guard case .terminal(let terminal) = seller else { throw Abort(.forbidden, reason: "Offline sales come from the terminal that made them.") }
        return terminal
    }

    func reconcile(_ programme: ProgrammeRecord, _ input: OfflineBatchRequest, terminal: TerminalCredential) async throws -> OfflineBatchDTO {
        let seller = Sales.Seller.terminal(terminal)
        let programmeID = try programme.requireID()
        let now = request.application.clock.now()
        guard (1...Self.largestBatch).contains(input.sales.count) else {
            throw DomainError.invalid("sales", key: "error_number_range", ["min": "1", "max": "500"])
        }
        // Every sale is checked before any is recorded: a batch with a slip records nothing.
        var errors: [DomainError.FieldError] = [], visits: [(sale: OfflineSaleInput, visit: Sales.CheckedVisit)] = []
        var sequences: Set<Int> = []
        let sales = Sales(request: request)
        for (index, sale) in input.sales.enumerated() {
            if !Self.sequences.contains(sale.sequence) || !sequences.insert(sale.sequence).inserted {
                errors.append(.init(field: "sales[\(index)].sequence", key: "error_sequence"))
            }
            if sale.at > now.addingTimeInterval(Self.skew) || sale.at < now.addingTimeInterval(-Self.oldest) {
                errors.append(.init(field: "sales[\(index)].at", key: "error_offline_time"))
            }
            let asked = SaleRequest(saleId: sale.saleId, outletId: nil, channel: "counter", policyVersion: nil, holder: sale.holder, cards: sale.cards)
            do { visits.append((sale, try await sales.checkedVisit(programme, asked, seller: seller))) } catch let DomainError.invalid(fields) {
                errors += fields.map { var field = $0; field.field = "sales[\(index)].\($0.field)"; return field }
            }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        let app = request.application
        let allowance = programme.offlineAllowance, checked = visits
        // The same batch sent twice at once: the second's write meets the first's sale ids and fails;
        // tried again, it finds them recorded and answers as the first did.
        let write: @Sendable () async throws -> [OfflineSaleDTO] = { [request] in
          try await app.transaction(personID: nil, on: request.db) { trail in
            let db = trail.db
            try await Terminals.requireLive(seller, on: db.sql)
            try await ReservationLedger.lock(people: checked.flatMap { $0.visit.people.keys }, outlets: [terminal.outletID], on: db)
            let schedule = try await app.programmeCache.schedules(of: [programmeID], on: db.sql)[programmeID]
            let zone = schedule?.versions.last.flatMap { TimeZone(identifier: $0.policy.timeZone) } ?? .gmt
            var answers: [OfflineSaleDTO] = []
            for (sale, visit) in checked.sorted(by: { $0.sale.sequence < $1.sale.sequence }) {
                if let kept = try await SaleRecord.query(on: db).filter(\.$programmeID == programmeID).filter(\.$clientID == sale.saleId).first() {
                    guard kept.fingerprint == visit.fingerprint, kept.receivedAt != nil else { throw Sales.reused(sale.saleId) }
                    answers.append(try Self.dto(kept, replayed: true))
                    continue
                }
                answers.append(try await record(sale, visit, rules: schedule?.inForce(at: sale.at), allowance: allowance, zone: zone,
                                                programmeID: programmeID, terminalID: terminal.terminalID, at: trail.now, on: db))
            }
            return answers
          }
        }
        let answers: [OfflineSaleDTO]
        do { answers = try await write() } catch { answers = try await write() }
        return OfflineBatchDTO(received: input.sales.count, recorded: answers.filter { !$0.replayed }.count,
                               overGrants: answers.filter(\.overGrant).count, beyondAllowance: answers.filter(\.beyondAllowance).count,
                               sales: answers, missingSequences: try await Self.missing(terminal: terminal.terminalID, on: request.db))
    }

    /// Records one offline sale as it happened, with what reconciling it found.
    private func record(_ sale: OfflineSaleInput, _ visit: Sales.CheckedVisit, rules: RationRules?, allowance: Int, zone: TimeZone,
                        programmeID: Int, terminalID: Int, at now: Date, on db: any Database) async throws -> OfflineSaleDTO {
        let people = Array(visit.people.keys)
        // The decision the central check would have given then: every purchase known from before it
        // counts (the rules read only those before its time); stock is not asked, it was handed over.
        var reasons: [Reason] = [], lines: [PricedLine] = [], currency: String?
        if let rules {
            let history = try await SaleHistory.purchases(of: people, since: rules.historyStart(at: sale.at), now: now, on: .sql(db.sql)).values.flatMap { $0 }
            let decision = rules.decide(Visit(holder: visit.holder, cards: visit.cards, channel: "counter", at: sale.at), history: history,
                                        stock: Dictionary(uniqueKeysWithValues: rules.policy.classes.map { ($0, Int.max / 2) }))
            (reasons, currency) = (decision.reasons, decision.currency)
            if decision.allowed { lines = decision.lines }
        } else {
            reasons = [Reason(.noPolicy)]
        }
        if lines.isEmpty {
            // Refused by the rules, yet sold: the lines as handed over, their price unknown.
            lines = visit.cards.enumerated().flatMap { index, card in card.lines.map { PricedLine(card: index, class: $0.class, quantity: $0.quantity, amount: .zero) } }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let morning = calendar.startOfDay(for: sale.at), evening = calendar.date(byAdding: .day, value: 1, to: morning) ?? sale.at
        var beyond = false
        for (card, person) in visit.cardPersonIDs.enumerated() {
            let before = try await Self.offlineUnits(of: person, from: morning, until: evening, on: db.sql)
            let now = lines.filter { $0.card == card }.reduce(0) { $0 + $1.quantity }
            if before + now > allowance { beyond = true }
        }
        var totals: [String: Int] = [:]
        for line in lines { totals[line.class, default: 0] += line.quantity }
        var short = 0
        // The stock table before any id (see `StockLedger.snapshot`): units the outlet handed over
        // beyond its record come in as a receipt first, so on hand never goes below zero.
        let stock = try await StockRecord.query(on: db).filter(\.$outletID == visit.outletID).all()
        for (name, quantity) in totals.sorted(by: { $0.key < $1.key }) {
            let onHand = stock.first { $0.class == name }?.onHand ?? 0
            let missing = max(0, quantity - onHand)
            if missing > 0 {
                short += missing
                try await StockMovements.change(outletID: visit.outletID, class: name, by: missing, on: db)
                try await StockLedger.record("receipt", outletID: visit.outletID, class: name, quantity: missing,
                                             note: "offline sale \(sale.saleId) beyond the recorded stock", by: "terminal:\(terminalID)", now: now, on: db)
            }
            try await StockMovements.change(outletID: visit.outletID, class: name, by: -quantity, on: db)
        }
        let total = lines.reduce(Amount.zero) { $0 + $1.amount }
        let answer = SaleDTO(saleId: sale.saleId, outletId: visit.outletID, at: sale.at, allowed: true, policyVersion: rules?.policy.version, lines: lines,
                             fee: .zero, total: total, currency: currency, reasons: reasons,
                             sentences: RationWording(catalogue: request.application.catalogue, language: .english)
                                .sentences(RationDecision(policyVersion: rules?.policy.version, lines: [], fee: .zero, total: .zero, currency: currency, reasons: reasons),
                                           cards: visit.cards.count),
                             reversedAt: nil, reversalReason: nil)
        let row = SaleRecord()
        (row.programmeID, row.clientID, row.fingerprint, row.outletID) = (programmeID, sale.saleId, visit.fingerprint, visit.outletID)
        (row.terminalID, row.sellerID, row.holderID, row.channel, row.at) = (terminalID, nil, visit.holderID, "counter", sale.at)
        (row.allowed, row.policyVersion, row.decision, row.holds) = (true, rules?.policy.version, try Sales.json(answer), false)
        (row.receivedAt, row.terminalSequence, row.overGrant, row.beyondAllowance, row.stockShort) = (now, sale.sequence, !reasons.isEmpty, beyond, short)
        try await row.create(on: db)
        for line in lines {
            let record = SaleLineRecord()
            (record.saleID, record.personID, record.class, record.quantity) = (try row.requireID(), visit.cardPersonIDs[line.card], line.class, line.quantity)
            (record.amount, record.channel, record.donated, record.at, record.reversed) = (line.amount.hundredths, "counter", false, sale.at, false)
            try await record.create(on: db)
        }
        return try Self.dto(row, replayed: false)
    }

    /// Units `person` was sold offline between two instants, by any outlet.
    private static func offlineUnits(of person: Int, from: Date, until: Date, on sql: any SQLDatabase) async throws -> Int {
        struct Row: Decodable { var total: Int? }
        return try await sql.raw("""
            SELECT CAST(SUM(l.quantity) AS BIGINT) AS total FROM \(ident: SaleLineRecord.schema) l JOIN \(ident: SaleRecord.schema) s ON s.id = l.sale_id
            WHERE l.person_id = \(bind: person) AND l.at >= \(bind: from) AND l.at < \(bind: until) AND s.received_at IS NOT NULL
            """).first(decoding: Row.self)?.total ?? 0
    }

    /// The sequence numbers of `terminal` not yet received, as ranges, below the largest received.
    static func missing(terminal: Int, on db: any Database) async throws -> [[Int]] {
        struct Row: Decodable { var terminal_sequence: Int }
        let received = try await db.sql.raw("""
            SELECT terminal_sequence FROM \(ident: SaleRecord.schema) WHERE terminal_id = \(bind: terminal) AND terminal_sequence IS NOT NULL ORDER BY terminal_sequence
            """).all(decoding: Row.self).map(\.terminal_sequence)
        var gaps: [[Int]] = [], next = 1
        for sequence in received {
            if sequence > next { gaps.append([next, sequence - 1]) }
            next = max(next, sequence + 1)
        }
        return gaps
    }

    /// Per outlet of the programme that sold offline: the sales, the over-grants and their units,
    /// those beyond the allowance, and the units short of the recorded stock.
    func report(_ programme: ProgrammeRecord) async throws -> [OfflineOutletDTO] {
        struct Row: Decodable {
            var outlet_id: Int, code: String, name: String, sales: Int, over_grants: Int, beyond_allowance: Int, stock_short: Int, units_over: Int
        }
        return try await request.db.sql.raw("""
            SELECT s.outlet_id, o.code, o.name, COUNT(*) AS sales,
                   CAST(SUM(CASE WHEN s.over_grant THEN 1 ELSE 0 END) AS BIGINT) AS over_grants,
                   CAST(SUM(CASE WHEN s.beyond_allowance THEN 1 ELSE 0 END) AS BIGINT) AS beyond_allowance,
                   CAST(SUM(s.stock_short) AS BIGINT) AS stock_short,
                   CAST(COALESCE(SUM(CASE WHEN s.over_grant THEN (SELECT SUM(l.quantity) FROM \(ident: SaleLineRecord.schema) l WHERE l.sale_id = s.id) ELSE 0 END), 0) AS BIGINT) AS units_over
            FROM \(ident: SaleRecord.schema) s JOIN \(ident: OutletRecord.schema) o ON o.id = s.outlet_id
            WHERE s.programme_id = \(bind: try programme.requireID()) AND s.received_at IS NOT NULL
            GROUP BY s.outlet_id, o.code, o.name ORDER BY o.code
            """).all(decoding: Row.self).map {
                OfflineOutletDTO(outletId: $0.outlet_id, code: $0.code, name: $0.name, offlineSales: $0.sales, overGrants: $0.over_grants,
                                 unitsOverGranted: $0.units_over, beyondAllowance: $0.beyond_allowance, stockShort: $0.stock_short)
            }
    }

    private static func dto(_ row: SaleRecord, replayed: Bool) throws -> OfflineSaleDTO {
        let answer = try JSONDecoder.amity.decode(SaleDTO.self, from: Data(row.decision.utf8))
        return OfflineSaleDTO(saleId: row.clientID, sequence: row.terminalSequence ?? 0, at: row.at, replayed: replayed, overGrant: row.overGrant,
                              beyondAllowance: row.beyondAllowance, stockShort: row.stockShort, lines: answer.lines, reasons: answer.reasons,
                              sentences: answer.sentences)
    }
}
