import AmityCore
import Fluent
import SQLKit
import Vapor

/// The stock ledger: receipts, adjustments and returns (`ration_stock_movements`) and the lines
/// of allowed sales. `ration_stock` is its running sum; the feeds publish cuts of it (I6).
struct StockLedger {
    let db: any Database

    /// The programme's outlets (test outlets left out) and their stock at one cut of the ledger.
    ///
    /// On PostgreSQL the cut and the stock are read holding `ration_stock` in SHARE mode: every
    /// writer of the ledger changes that table in the statement that takes its ids, so while it is
    /// held no transaction holds an id it has not committed, and the largest ids read are an exact
    /// cut. The lock holds sales back while it lasts, so under it the stock comes as one row of
    /// arrays; the outlets are read after it. SQLite's writes take turns, and a read transaction
    /// sees one state of the file without holding them back.
    func snapshot(programmeID: Int, classes: [String], zone: TimeZone, now: Date) async throws -> StockSnapshot {
        let (version, onHand, held) = try await db.transaction { db in
            let sql = db.sql
            var onHand: [Int: [String: Int]] = [:], held: [Int: [String: Int]] = [:]
            if sql.dialect.name == "postgresql" {
                try await sql.raw("SET LOCAL lock_timeout = '5s'").run()
                try await sql.raw("LOCK TABLE \(ident: StockRecord.schema) IN SHARE MODE").run()
                let version = try await Self.version(programmeID: programmeID, on: sql)
                let row = try await sql.raw("""
                    SELECT array_agg(s.outlet_id) AS outlets, array_agg(s.class) AS classes, array_agg(s.on_hand) AS counts, array_agg(s.held) AS held
                    FROM \(ident: StockRecord.schema) s WHERE s.outlet_id IN (SELECT id FROM \(ident: OutletRecord.schema) WHERE programme_id = \(bind: programmeID))
                    """).first()
                let outlets = try row?.decode(column: "outlets", as: [Int]?.self) ?? [], names = try row?.decode(column: "classes", as: [String]?.self) ?? []
                let counts = try row?.decode(column: "counts", as: [Int]?.self) ?? [], holds = try row?.decode(column: "held", as: [Int]?.self) ?? []
                for index in outlets.indices {
                    onHand[outlets[index], default: [:]][names[index]] = counts[index]
                    if holds[index] != 0 { held[outlets[index], default: [:]][names[index]] = holds[index] }
                }
                return (version, onHand, held)
            }
            let version = try await Self.version(programmeID: programmeID, on: sql)
            for row in try await sql.raw("""
                SELECT s.outlet_id, s.class, s.on_hand, s.held FROM \(ident: StockRecord.schema) s
                JOIN \(ident: OutletRecord.schema) o ON o.id = s.outlet_id WHERE o.programme_id = \(bind: programmeID)
                """).all() {
                let outlet = try row.decode(column: "outlet_id", as: Int.self), name = try row.decode(column: "class", as: String.self)
                onHand[outlet, default: [:]][name] = try row.decode(column: "on_hand", as: Int.self)
                let holds = try row.decode(column: "held", as: Int.self)
                if holds != 0 { held[outlet, default: [:]][name] = holds }
            }
            return (version, onHand, held)
        }
        // Read after the cut: an outlet added since shows no stock at the cut, which it had not; a
        // change of an outlet since counts in a revision the next check sees.
        let outlets = try await db.sql.raw("""
            SELECT id, code, name, address, phone, latitude, longitude, kind, note, service_periods FROM \(ident: OutletRecord.schema)
            WHERE programme_id = \(bind: programmeID) AND is_test = \(bind: false) ORDER BY code
            """).all(reading: OutletRow.self)
        return StockSnapshot(programmeID: programmeID, version: version, takenAt: now, zone: zone, classes: classes, outlets: outlets.map { row in
            var outlet = row.outlet
            outlet.onHand = onHand[row.id] ?? [:]
            outlet.held = held[row.id] ?? [:]
            return outlet
        })
    }

    /// An outlet's published columns, read without Fluent's models: 25,000 of them took a second that way.
    private struct OutletRow: ColumnRow {
        var id: Int
        var outlet: FeedOutlet

        init(columns row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int.self)
            let latitude = try row.decode(column: "latitude", as: Double?.self), longitude = try row.decode(column: "longitude", as: Double?.self)
            outlet = FeedOutlet(code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                                address: try row.decode(column: "address", as: String.self), phone: try row.decode(column: "phone", as: String.self),
                                kind: try row.decode(column: "kind", as: String.self), note: try row.decode(column: "note", as: String.self),
                                place: latitude.flatMap { lat in longitude.flatMap { try? Coordinate(latitude: lat, longitude: $0) } },
                                periods: try row.decode(column: "service_periods", as: String?.self).flatMap(ServicePeriods.init(code:)), onHand: [:], held: [:])
        }
    }

    /// The ledger's cut and the programme's revisions as they stand: when they equal a snapshot's,
    /// nothing a feed shows has changed since it (a ledger write commits a larger id than any the
    /// snapshot saw; every change of an outlet, and of the policies that name the classes, counts).
    func version(programmeID: Int) async throws -> StockSnapshot.Version {
        try await Self.version(programmeID: programmeID, on: db.sql)
    }

    private static func version(programmeID: Int, on sql: any SQLDatabase) async throws -> StockSnapshot.Version {
        let row = try await sql.raw("""
            SELECT (SELECT COALESCE(MAX(id), 0) FROM \(ident: SaleRecord.schema)) AS sales,
                   (SELECT COALESCE(MAX(id), 0) FROM \(ident: StockMovementRecord.schema)) AS movements,
                   (SELECT outlets_revision FROM \(ident: ProgrammeRecord.schema) WHERE id = \(bind: programmeID)) AS outlets,
                   (SELECT revision FROM \(ident: ProgrammeRecord.schema) WHERE id = \(bind: programmeID)) AS policies
            """).first()
        return StockSnapshot.Version(cut: LedgerCut(sales: try row?.decode(column: "sales", as: Int.self) ?? 0,
                                                    movements: try row?.decode(column: "movements", as: Int.self) ?? 0),
                                     outlets: try row?.decode(column: "outlets", as: Int?.self) ?? 0,
                                     policies: try row?.decode(column: "policies", as: Int?.self) ?? 0)
    }

    /// Stock on hand by outlet and class of the programme, replayed from the ledger through `cut`:
    /// what a snapshot at that cut must show (I6), whatever was written after it. A reservation's
    /// sale takes nothing off until its pickup; a donation's lines are quota given, not stock.
    func replay(programmeID: Int, through cut: LedgerCut) async throws -> [Int: [String: Int]] {
        try await sum(programmeID: programmeID, sql: """
            SELECT m.outlet_id, m.class, CASE WHEN m.kind IN ('adjustment', 'pickup') THEN -m.quantity ELSE m.quantity END AS change
            FROM \(ident: StockMovementRecord.schema) m WHERE m.kind IN ('receipt', 'return', 'adjustment', 'pickup') AND m.id <= \(bind: cut.movements)
            UNION ALL
            SELECT s.outlet_id, l.class, -l.quantity AS change FROM \(ident: SaleLineRecord.schema) l
            JOIN \(ident: SaleRecord.schema) s ON s.id = l.sale_id WHERE s.allowed = \(bind: true) AND s.holds = \(bind: false) AND l.donated = \(bind: false) AND s.id <= \(bind: cut.sales)
            """)
    }

    /// Stock held for reservations by outlet and class, replayed through `cut`: what the holding
    /// sales held, less what was picked up or released.
    func replayHeld(programmeID: Int, through cut: LedgerCut) async throws -> [Int: [String: Int]] {
        try await sum(programmeID: programmeID, sql: """
            SELECT m.outlet_id, m.class, -m.quantity AS change
            FROM \(ident: StockMovementRecord.schema) m WHERE m.kind IN ('pickup', 'release') AND m.id <= \(bind: cut.movements)
            UNION ALL
            SELECT s.outlet_id, l.class, l.quantity AS change FROM \(ident: SaleLineRecord.schema) l
            JOIN \(ident: SaleRecord.schema) s ON s.id = l.sale_id WHERE s.allowed = \(bind: true) AND s.holds = \(bind: true) AND s.id <= \(bind: cut.sales)
            """)
    }

    private func sum(programmeID: Int, sql changes: SQLQueryString) async throws -> [Int: [String: Int]] {
        let rows = try await db.sql.raw("""
            SELECT outlet_id, class, CAST(SUM(change) AS BIGINT) AS total FROM (\(changes)) ledger
            WHERE outlet_id IN (SELECT id FROM \(ident: OutletRecord.schema) WHERE programme_id = \(bind: programmeID))
            GROUP BY outlet_id, class
            """).all()
        var stock: [Int: [String: Int]] = [:]
        for row in rows {
            stock[try row.decode(column: "outlet_id", as: Int.self), default: [:]][try row.decode(column: "class", as: String.self)] =
                try row.decode(column: "total", as: Int.self)
        }
        return stock
    }

    /// Records what changed stock as an entry of its own: a delivery's receipt, a sale's return.
    static func record(_ kind: String, outletID: Int, class name: String, quantity: Int, note: String, by who: String?, now: Date, on db: any Database) async throws {
        let row = StockMovementRecord()
        (row.outletID, row.kind, row.class, row.quantity, row.note) = (outletID, kind, name, quantity, note)
        (row.createdAt, row.confirmedAt, row.confirmedBy) = (now, now, who)
        try await row.create(on: db)
    }
}
