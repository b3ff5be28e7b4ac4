import AmityCore
import Fluent
import PostgresKit
import SQLKit
import Vapor

/// A sale checked and waiting for its turn to be decided and written: everything `Sales.sell`
/// learned before the write, so the batch needs no request.
struct PendingSale: Sendable {
    var programmeID: Int
    var clientID: String
    var visit: Sales.CheckedVisit
    /// The version the terminal expects, when it said one.
    var expectedVersion: Int?
    var terminalID: Int?
    var sellerID: Int?
}

/// What a sale's turn gave: the kept answer, and whether the sale id had been answered before.
typealias SaleAnswer = (sale: SaleDTO, json: String, replayed: Bool)

/// Group commit for sales (`GroupedWork`). Sales that arrive while a batch is being written wait
/// and go together in the next: one transaction, one look-up of the people's history and the
/// outlets' stock, one write of the sales, their lines and the stock, one commit. Each sale is
/// still decided alone, in arrival order, against the history and stock the sales before it in the
/// batch left; none is answered before the commit that holds it is durable. A batch that fails is
/// retried sale by sale, so one bad sale never takes the others with it.
///
/// SQLite has one writer, so its batches follow one another. PostgreSQL takes several at once:
/// each batch locks its people and stock rows in id order, as another instance's would, so
/// batches over different people overlap their round trips and their commits' flushes, and
/// batches over the same person wait for each other's commit.
typealias SaleQueue = GroupedWork<PendingSale, SaleAnswer>

extension SaleQueue {
    /// Sales per batch at most: bounds a transaction's size and its binds.
    static let largestBatch = 64
    /// Batches at once on PostgreSQL: with 64 terminals on two cores and 300,000 people, 3 sold
    /// 1,420-1,560 a second, 2 sold 1,478 and 6 sold 1,355 (smaller batches, more statements).
    static let postgresLanes = 3

    /// The queue for an instance on PostgreSQL (several batches at once) or SQLite (one).
    static func sales(postgres: Bool) -> SaleQueue {
        SaleQueue(lanes: postgres ? postgresLanes : 1, largest: largestBatch) { sales, app in await SaleBatch.commit(sales, app: app) }
    }
}

extension Application {
    private struct SaleQueueKey: StorageKey { typealias Value = SaleQueue }

    /// The instance's queue of sales waiting to be written, set by `configure`.
    var saleQueue: SaleQueue {
        get { storage[SaleQueueKey.self]! }
        set { storage[SaleQueueKey.self] = newValue }
    }
}

/// One batch of sales: decided in order, written together.
enum SaleBatch {
    /// Each sale's answer, in order; a batch that fails as a whole is tried again sale by sale.
    static func commit(_ sales: [PendingSale], app: Application) async -> [Result<SaleAnswer, any Error>] {
        do {
            return try await write(sales, app: app)
        } catch {
            guard sales.count > 1 else { return [await replayAfter(error, sales[0], app: app)] }
            var answers: [Result<SaleAnswer, any Error>] = []
            for sale in sales { answers += await commit([sale], app: app) }
            return answers
        }
    }

    /// A lone sale that failed to write: when another request with its id committed first (the
    /// unique sale id), that request's answer; otherwise the error.
    private static func replayAfter(_ error: any Error, _ sale: PendingSale, app: Application) async -> Result<SaleAnswer, any Error> {
        guard let existing = try? await app.hotDatabase.withHotConnection({ try await Sales.kept([(sale.programmeID, sale.clientID)], on: $0) }).first else {
            return .failure(error)
        }
        return Result { (try Sales.replay(existing, fingerprint: sale.visit.fingerprint), existing.decision, true) }
    }

    /// On the writer's thread (see `WriterThread`), SQLite's writes in their turn.
    private static func write(_ sales: [PendingSale], app: Application) async throws -> [Result<SaleAnswer, any Error>] {
        guard let gate = app.writeGate else { return try await app.writerThread.transaction(on: app.hotDatabase) { try await write(sales, app: app, on: $0) } }
        let writer = app.writer
        return try await gate.run { try await app.writerThread.transaction(on: writer) { try await write(sales, app: app, on: $0) } }
    }

    private static func write(_ sales: [PendingSale], app: Application, on db: HotConnection) async throws -> [Result<SaleAnswer, any Error>] {
        let catalogue = app.catalogue
        let people = Set(sales.flatMap { $0.visit.people.keys }).sorted()
        let outlets = Set(sales.map(\.visit.outletID)).sorted()
        // The rules as they stand now, the terminals still live and the outlets' stock, with what the batch changes held until it commits.
        let (schedules, liveTerminals, stockRows) = try await hold(programmes: Set(sales.map(\.programmeID)), terminals: Set(sales.compactMap(\.terminalID)),
                                                                    people: people, outlets: outlets, app: app, on: db)
        // Another request with one of these ids may have committed while this batch waited.
        let earlier = try await Sales.kept(sales.map { ($0.programmeID, $0.clientID) }, on: db)
        var answered = Dictionary(earlier.map { ("\($0.programmeID)|\($0.clientID)", $0) }, uniquingKeysWith: { first, _ in first })
        // The time is read once the locks are held: never earlier than a sale another instance committed first.
        let now = app.clock.now()
        let since = sales.compactMap { schedules[$0.programmeID]?.inForce(at: now)?.historyStart(at: now) }.min() ?? now
        var history = try await SaleHistory.purchases(of: people, since: since, now: now, on: db)
        var stock: [Int: [String: Int]] = [:], stockIDs: [String: Int] = [:]
        for row in stockRows {
            stock[row.outletID, default: [:]][row.class] = row.onHand
            stockIDs["\(row.outletID)|\(row.class)"] = row.id
        }
        var answers: [Result<SaleAnswer, any Error>] = [], written: [(sale: SaleRecord, lines: [SaleLineRecord])] = []
        var taken: [Int: Int] = [:]
        for sale in sales {
            let key = "\(sale.programmeID)|\(sale.clientID)"
            // An id answered before, or earlier in this batch: that answer, or a conflict.
            if let kept = answered[key] {
                answers.append(Result { (try Sales.replay(kept, fingerprint: sale.visit.fingerprint), kept.decision, true) })
                continue
            }
            do {
                // A terminal revoked since its request was let in sells nothing once the revocation has committed.
                if let terminal = sale.terminalID, !liveTerminals.contains(terminal) { throw TerminalCredential.refused }
                let (record, lines, dto) = try decide(sale, under: schedules[sale.programmeID], at: now, history: &history, stock: &stock, taken: &taken,
                                                      stockIDs: stockIDs, catalogue: catalogue)
                answered[key] = Sales.Kept(programmeID: sale.programmeID, clientID: sale.clientID, fingerprint: record.fingerprint, decision: record.decision)
                written.append((record, lines))
                answers.append(.success((dto, record.decision, false)))
            } catch {
                answers.append(.failure(error))
            }
        }
        try await insert(written.map(\.sale), lines: written.map(\.lines), taking: taken, on: db)
        return answers
    }

    /// A stock row as the batch reads it: `onHand` is what a walk-in can get, on hand less what
    /// tickets and pre-orders hold.
    private struct Stock: ColumnRow {
        var id: Int, outletID: Int, `class`: String, onHand: Int

        init(id: Int, outletID: Int, class name: String, onHand: Int) {
            (self.id, self.outletID, self.class, self.onHand) = (id, outletID, name, onHand)
        }

        init(columns row: any SQLRow) throws {
            self.init(id: try row.decode(column: "id", as: Int.self), outletID: try row.decode(column: "outlet_id", as: Int.self),
                      class: try row.decode(column: "class", as: String.self), onHand: try row.decode(column: "on_hand", as: Int.self))
        }
    }

    /// A row of the statement that holds a batch's rows on PostgreSQL: a programme and its revision,
    /// a live terminal, a person, or a stock row with what is on hand.
    private struct Held: ColumnRow {
        var kind: String, id: Int, value: Int?, outletID: Int?, `class`: String?

        init(kind: String, id: Int, value: Int?, outletID: Int?, class name: String?) {
            (self.kind, self.id, self.value, self.outletID, self.class) = (kind, id, value, outletID, name)
        }

        init(columns row: any SQLRow) throws {
            (kind, id, value) = (try row.decode(column: "kind", as: String.self), try row.decode(column: "id", as: Int.self), try row.decode(column: "value", as: Int?.self))
            (outletID, self.class) = (try row.decode(column: "outlet_id", as: Int?.self), try row.decode(column: "class", as: String?.self))
        }
    }

    /// The schedules of `programmes`, which of `terminals` are live, and the stock of `outlets`. On
    /// PostgreSQL the programmes and the live terminals are held shared (a version added or a
    /// terminal revoked meanwhile waits for the commit), then the people and the stock for update,
    /// each in id order as every writer (other instances, reversals) takes them, in one statement: its
    /// parts run in the order written, and the stock comes back as it stands once held. SQLite's
    /// write lock, taken when the transaction began, holds everything already.
    private static func hold(programmes: Set<Int>, terminals: Set<Int>, people: [Int], outlets: [Int], app: Application,
                             on connection: HotConnection) async throws -> ([Int: RationSchedule], Set<Int>, [Stock]) {
        guard case .postgres(let postgres) = connection else {
            let db = connection.database
            let schedules = try await app.programmeCache.schedules(of: programmes, on: db)
            let live = try await Terminals.live(terminals, on: db)
            let stock = try await db.raw("""
                SELECT id, outlet_id, class, on_hand - held AS on_hand FROM \(unsafeRaw: StockRecord.schema) WHERE outlet_id IN (\(binds: outlets)) ORDER BY id
                """).all(reading: Stock.self)
            return (schedules, live, stock)
        }
        var revisions: [Int: Int] = [:], live: Set<Int> = [], stock: [Stock] = []
        for row in try await postgres.all(Hold(programmes: programmes.sorted(), terminals: terminals.sorted(), people: people, outlets: outlets)) {
            switch row.kind {
            case "programme": revisions[row.id] = row.value
            case "terminal": live.insert(row.id)
            case "stock":
                guard let outlet = row.outletID, let name = row.class, let onHand = row.value else { continue }
                stock.append(Stock(id: row.id, outletID: outlet, class: name, onHand: onHand))
            default: break
            }
        }
        return (try await app.programmeCache.schedules(at: revisions, on: connection.database), live, stock)
    }

    /// PostgreSQL's holding statement (see `hold`).
    private struct Hold: HotStatement {
        typealias Row = Held
        static let name = "amity_sale_hold"
        static let sql = """
            WITH held_programmes AS (SELECT id, revision FROM \(ProgrammeRecord.schema) WHERE id = ANY($1::bigint[]) ORDER BY id FOR SHARE), \
            held_terminals AS (SELECT id FROM \(TerminalRecord.schema) WHERE id = ANY($2::bigint[]) AND revoked_at IS NULL ORDER BY id FOR SHARE), \
            held_people AS (SELECT id FROM \(RegisteredPersonRecord.schema) WHERE id = ANY($3::bigint[]) ORDER BY id FOR UPDATE), \
            held_stock AS (SELECT id, outlet_id, class, on_hand - held AS on_hand FROM \(StockRecord.schema) WHERE outlet_id = ANY($4::bigint[]) ORDER BY id FOR UPDATE) \
            SELECT 'programme' AS kind, id, revision AS value, NULL::bigint AS outlet_id, NULL::text AS class FROM held_programmes \
            UNION ALL SELECT 'terminal', id, NULL, NULL, NULL FROM held_terminals \
            UNION ALL SELECT 'person', id, NULL, NULL, NULL FROM held_people \
            UNION ALL SELECT 'stock', id, on_hand, outlet_id, class FROM held_stock
            """
        var programmes: [Int], terminals: [Int], people: [Int], outlets: [Int]

        func makeBindings() -> PostgresBindings { PostgresBindings(programmes, terminals, people, outlets) }

        func decodeRow(_ row: PostgresRow) throws -> Held {
            let (kind, id, value, outletID, name) = try row.decode((String, Int, Int?, Int?, String?).self)
            return Held(kind: kind, id: id, value: value, outletID: outletID, class: name)
        }
    }

    /// One sale decided against what the batch has seen so far, which it then updates.
    private static func decide(_ sale: PendingSale, under schedule: RationSchedule?, at now: Date, history: inout [Int: [Purchase]], stock: inout [Int: [String: Int]],
                               taken: inout [Int: Int], stockIDs: [String: Int], catalogue: MessageCatalogue) throws -> (SaleRecord, [SaleLineRecord], SaleDTO) {
        let visit = sale.visit
        // Selling with no rules in force is refused as bad input, not recorded: nothing changes.
        guard let rules = schedule?.inForce(at: now) else { throw DomainError.invalid("policyVersion", key: "error_no_policy_in_force") }
        if let expected = sale.expectedVersion, expected != rules.policy.version {
            throw DomainError.invalid("policyVersion", key: "error_policy_version", ["version": String(rules.policy.version)])
        }
        let start = rules.historyStart(at: now)
        let past = visit.people.keys.flatMap { history[$0] ?? [] }.filter { $0.at >= start }
        let decision = rules.decide(Visit(holder: visit.holder, cards: visit.cards, channel: visit.channel, at: now), history: past, stock: stock[visit.outletID] ?? [:])
        if decision.allowed {
            var totals: [String: Int] = [:]
            for line in decision.lines { totals[line.class, default: 0] += line.quantity }
            for (name, quantity) in totals {
                guard let id = stockIDs["\(visit.outletID)|\(name)"], (stock[visit.outletID]?[name] ?? 0) >= quantity else {
                    throw DomainError.conflict("The stock of \(name) changed while the sale was decided; send the sale again.")
                }
                stock[visit.outletID]![name]! -= quantity
                taken[id, default: 0] += quantity
            }
        }
        let record = SaleRecord()
        (record.programmeID, record.clientID, record.fingerprint, record.outletID) = (sale.programmeID, sale.clientID, visit.fingerprint, visit.outletID)
        (record.terminalID, record.sellerID, record.holderID, record.channel, record.at) = (sale.terminalID, sale.sellerID, visit.holderID, visit.channel, now)
        (record.allowed, record.policyVersion) = (decision.allowed, decision.policyVersion)
        let wording = RationWording(catalogue: catalogue, language: .english)
        let dto = SaleDTO(saleId: sale.clientID, outletId: visit.outletID, at: now, allowed: decision.allowed, policyVersion: decision.policyVersion,
                          lines: decision.lines, fee: decision.fee, total: decision.total, currency: decision.currency, reasons: decision.reasons,
                          sentences: wording.sentences(decision, cards: visit.cards.count), reversedAt: nil, reversalReason: nil)
        record.decision = try Sales.json(dto)
        var lines: [SaleLineRecord] = []
        for line in decision.lines {
            let person = visit.cardPersonIDs[line.card]
            let row = SaleLineRecord()
            (row.personID, row.class, row.quantity) = (person, line.class, line.quantity)
            (row.amount, row.channel, row.donated, row.at, row.reversed) = (line.amount.hundredths, visit.channel, false, now, false)
            lines.append(row)
            history[person, default: []].append(Purchase(person: String(person), at: now, class: line.class, quantity: line.quantity, channel: visit.channel, donated: false))
        }
        // Every reply sends the kept text; the value is for the caller, its time to the second as kept.
        var kept = dto
        kept.at = Date(timeIntervalSince1970: kept.at.timeIntervalSince1970.rounded(.down))
        return (record, lines, kept)
    }

    /// The sales, their lines and the stock they took. On PostgreSQL one statement (`Write`).
    /// SQLite, in process, takes the sales (their ids come back with their sale ids), then their
    /// lines, then the stock.
    private static func insert(_ sales: [SaleRecord], lines: [[SaleLineRecord]], taking taken: [Int: Int], on connection: HotConnection) async throws {
        guard !sales.isEmpty else { return }
        if case .postgres(let postgres) = connection {
            let statement = Write(sales: sales, lines: lines, taken: taken)
            let written = try await postgres.all(statement).first
            // Every line found its sale: a line left out would be a sale recorded without what it sold.
            guard written?.sales == sales.count, written?.lines == statement.lineCount, written?.stock == taken.count else {
                throw DomainError.conflict("The batch's sales were not all written; send them again.")
            }
            return
        }
        let db = connection.database
        let rows: [SQLQueryString] = sales.map { sale in
            "(\(bind: sale.programmeID), \(bind: sale.clientID), \(bind: sale.fingerprint), \(bind: sale.outletID), \(bind: sale.terminalID), \(bind: sale.sellerID), "
                + "\(bind: sale.holderID), \(bind: sale.channel), \(bind: sale.at), \(bind: sale.allowed), \(bind: sale.policyVersion), \(bind: sale.decision))"
        }
        struct Inserted: Decodable { var id: Int; var client_id: String; var programme_id: Int }
        let insertSales: SQLQueryString = "INSERT INTO \(unsafeRaw: SaleRecord.schema) (\(unsafeRaw: Write.saleColumns)) VALUES "
            + rows.joined(separator: ", ") + " RETURNING id, client_id, programme_id"
        let ids = Dictionary(uniqueKeysWithValues: try await db.raw(insertSales).all(decoding: Inserted.self).map { ("\($0.programme_id)|\($0.client_id)", $0.id) })
        var all: [SQLQueryString] = []
        for (sale, saleLines) in zip(sales, lines) {
            let id = ids["\(sale.programmeID)|\(sale.clientID)"]!
            all += saleLines.map { line in
                "(\(bind: id), \(bind: line.personID), \(bind: line.class), \(bind: line.quantity), \(bind: line.amount), \(bind: line.channel), \(bind: line.donated), "
                    + "\(bind: line.at), \(bind: line.reversed))"
            }
        }
        // A thousand lines per statement keeps the binds within what SQLite takes.
        for start in stride(from: 0, to: all.count, by: 1_000) {
            try await db.raw("INSERT INTO \(unsafeRaw: SaleLineRecord.schema) (sale_id, \(unsafeRaw: Write.lineColumns)) VALUES "
                + all[start..<min(start + 1_000, all.count)].joined(separator: ", ")).run()
        }
        if !taken.isEmpty { try await db.raw(stockUpdate(taken)).run() }
    }

    /// How many sales, lines and stock rows the write statement wrote.
    private struct Written: ColumnRow {
        var sales: Int, lines: Int, stock: Int

        init(columns row: any SQLRow) throws {
            (sales, lines, stock) = (try row.decode(column: "sales", as: Int.self), try row.decode(column: "lines", as: Int.self), try row.decode(column: "stock", as: Int.self))
        }
    }

    /// PostgreSQL's write of a batch, in one statement (data-modifying `WITH`): the sales' insert
    /// returns their new ids, the lines' insert joins them by sale id, the stock is updated beside
    /// them. Every column comes as an array, one element a row, so the statement has one shape
    /// whatever the batch's size; a missing id or version is sent as 0 and stored as NULL.
    private struct Write: HotStatement {
        typealias Row = Written
        static let saleColumns = "programme_id, client_id, fingerprint, outlet_id, terminal_id, seller_id, holder_id, channel, at, allowed, policy_version, decision"
        static let lineColumns = "person_id, class, quantity, amount, channel, donated, at, reversed"
        static let name = "amity_sale_write"
        static let sql = """
            WITH sold AS (INSERT INTO \(SaleRecord.schema) (\(saleColumns)) \
            SELECT programme_id, client_id, fingerprint, outlet_id, NULLIF(terminal_id, 0), NULLIF(seller_id, 0), holder_id, channel, at, allowed, \
            NULLIF(policy_version, 0), decision \
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::text[], $9::timestamptz[], \
            $10::boolean[], $11::bigint[], $12::text[]) AS sale (\(saleColumns)) \
            RETURNING id, client_id, programme_id), \
            lined AS (INSERT INTO \(SaleLineRecord.schema) (sale_id, \(lineColumns)) \
            SELECT sold.id, line.person_id, line.class, line.quantity, line.amount, line.channel, line.donated, line.at, line.reversed \
            FROM unnest($13::bigint[], $14::text[], $15::bigint[], $16::text[], $17::bigint[], $18::bigint[], $19::text[], $20::boolean[], \
            $21::timestamptz[], $22::boolean[]) AS line (programme_id, client_id, \(lineColumns)) \
            JOIN sold ON sold.programme_id = line.programme_id AND sold.client_id = line.client_id RETURNING 1), \
            taken AS (UPDATE \(StockRecord.schema) SET on_hand = on_hand - change.quantity \
            FROM unnest($23::bigint[], $24::bigint[]) AS change (id, quantity) WHERE \(StockRecord.schema).id = change.id RETURNING 1) \
            SELECT (SELECT count(*) FROM sold) AS sales, (SELECT count(*) FROM lined) AS lines, (SELECT count(*) FROM taken) AS stock
            """
        var sales: [SaleRecord], lines: [[SaleLineRecord]], taken: [Int: Int]

        var lineCount: Int { lines.reduce(0) { $0 + $1.count } }

        func makeBindings() -> PostgresBindings {
            let lines = zip(sales, lines).flatMap { sale, lines in lines.map { (sale: sale, line: $0) } }
            let stock = taken.keys.sorted()
            return PostgresBindings(
                sales.map(\.programmeID), sales.map(\.clientID), sales.map(\.fingerprint), sales.map(\.outletID), sales.map { $0.terminalID ?? 0 },
                sales.map { $0.sellerID ?? 0 }, sales.map(\.holderID), sales.map(\.channel), sales.map(\.at), sales.map(\.allowed),
                sales.map { $0.policyVersion ?? 0 }, sales.map(\.decision),
                lines.map(\.sale.programmeID), lines.map(\.sale.clientID), lines.map(\.line.personID), lines.map(\.line.class), lines.map(\.line.quantity),
                lines.map(\.line.amount), lines.map(\.line.channel), lines.map(\.line.donated), lines.map(\.line.at), lines.map(\.line.reversed),
                stock, stock.map { taken[$0]! })
        }
    }

    /// What the batch took from each stock row, in one update.
    private static func stockUpdate(_ taken: [Int: Int]) -> SQLQueryString {
        let ids = taken.keys.sorted()
        var change: SQLQueryString = "UPDATE \(unsafeRaw: StockRecord.schema) SET on_hand = on_hand - CASE id"
        for id in ids { change += " WHEN \(bind: id) THEN \(bind: taken[id]!)" }
        change += " END WHERE id IN (\(binds: ids))"
        return change
    }
}

