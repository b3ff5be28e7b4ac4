import AmityCore
import Fluent
import Foundation
import SQLKit

/// The fairness report of a programme over the days up to one (spec §4.6): the people who bought
/// against everyone registered, by age band, district and document type, and how much was
/// collected by pre-order rather than in a queue. Counts only: nothing about a person leaves it.
struct FairnessReport {
    let db: any Database

    /// How many days a report covers at most.
    static let longest = 28

    func make(programme: ProgrammeRecord, through day: CivilDay, days: Int, zone: TimeZone) async throws -> FairnessDTO {
        let programmeID = try programme.requireID()
        let clock = LocalClock(zone: zone)
        let first = day.advanced(by: -(days - 1))
        let start = clock.instant(of: first, minute: 0), end = clock.instant(of: day.advanced(by: 1), minute: 0)
        struct Group: Decodable { var year: String; var district: String; var document_type: String; var people: Int }
        let registered = try await db.sql.raw("""
            SELECT substr(birth, 1, 4) AS year, district, document_type, COUNT(*) AS people FROM \(ident: RegisteredPersonRecord.schema)
            WHERE programme_id = \(bind: programmeID) AND created_at < \(bind: end) GROUP BY substr(birth, 1, 4), district, document_type
            """).all(decoding: Group.self)
        // Buyers: everyone with a line handed over in the window (a sale, an offline sale, a collected
        // reservation), found through the outlets' index of sales by time.
        let buyers = try await db.sql.raw("""
            SELECT substr(p.birth, 1, 4) AS year, p.district, p.document_type, COUNT(*) AS people FROM \(ident: RegisteredPersonRecord.schema) p
            WHERE p.id IN (SELECT l.person_id FROM \(ident: SaleLineRecord.schema) l JOIN \(ident: SaleRecord.schema) s ON s.id = l.sale_id
                           WHERE s.outlet_id IN (SELECT id FROM \(ident: OutletRecord.schema) WHERE programme_id = \(bind: programmeID))
                           AND s.at >= \(bind: start) AND s.at < \(bind: end) AND s.allowed = \(bind: true)
                           AND l.reversed = \(bind: false) AND l.donated = \(bind: false)
                           AND (s.holds = \(bind: false) OR EXISTS (SELECT 1 FROM \(ident: ReservationRecord.schema) r WHERE r.sale_id = s.id AND r.state = 'completed')))
            GROUP BY substr(p.birth, 1, 4), p.district, p.document_type
            """).all(decoding: Group.self)
        func counts(_ groups: [Group], _ key: @escaping (Group) -> String) -> [String: Int] {
            groups.reduce(into: [:]) { $0[key($1), default: 0] += $1.people }
        }
        let band = { (group: Group) in Int(group.year).map { Fairness.ageBand(born: $0, in: day.parts.year) } ?? "?" }
        let rows = Fairness.rows(dimension: "ageBand", registered: counts(registered, band), buyers: counts(buyers, band))
            + Fairness.rows(dimension: "district", registered: counts(registered) { $0.district }, buyers: counts(buyers) { $0.district })
            + Fairness.rows(dimension: "document", registered: counts(registered) { $0.document_type }, buyers: counts(buyers) { $0.document_type })
        let (queued, preordered) = try await units(programmeID: programmeID, from: start, until: end)
        let handed = queued + preordered
        return FairnessDTO(programmeId: programmeID, from: first.description, through: day.description, days: days,
                           registered: registered.reduce(0) { $0 + $1.people }, buyers: buyers.reduce(0) { $0 + $1.people },
                           unitsHandedOver: handed, unitsByPreorder: preordered, shareOutsideQueues: handed > 0 ? Double(preordered) / Double(handed) : nil,
                           target: Fairness.target, smallestCell: Fairness.smallestCell, rows: rows)
    }

    /// Units handed over in the window at a counter (sales, offline sales, tickets collected) and by pre-order (collected).
    private func units(programmeID: Int, from start: Date, until end: Date) async throws -> (queued: Int, preordered: Int) {
        struct Row: Decodable { var preorder: Bool; var units: Int? }
        let rows = try await db.sql.raw("""
            SELECT s.channel = 'preorder' AS preorder, CAST(SUM(l.quantity) AS BIGINT) AS units
            FROM \(ident: SaleLineRecord.schema) l JOIN \(ident: SaleRecord.schema) s ON s.id = l.sale_id
            WHERE s.outlet_id IN (SELECT id FROM \(ident: OutletRecord.schema) WHERE programme_id = \(bind: programmeID))
            AND s.at >= \(bind: start) AND s.at < \(bind: end) AND s.allowed = \(bind: true) AND l.reversed = \(bind: false) AND l.donated = \(bind: false)
            AND (s.holds = \(bind: false) OR EXISTS (SELECT 1 FROM \(ident: ReservationRecord.schema) r WHERE r.sale_id = s.id AND r.state = 'completed'))
            GROUP BY s.channel = 'preorder'
            """).all(decoding: Row.self)
        return (rows.filter { !$0.preorder }.reduce(0) { $0 + ($1.units ?? 0) }, rows.filter(\.preorder).reduce(0) { $0 + ($1.units ?? 0) })
    }

    /// The report as CSV, one row a category: what a spreadsheet or a statistician reads.
    static func csv(_ report: FairnessDTO) -> String {
        var lines = ["dimension,category,registered,buyers,registered_share,buyer_share,standardized_difference,suppressed"]
        for row in report.rows {
            let figures = [row.registered.map(String.init), row.buyers.map(String.init), row.registeredShare.map { DecimalText.text($0, places: 4) },
                           row.buyerShare.map { DecimalText.text($0, places: 4) }, row.difference.map { DecimalText.text($0, places: 4) }]
            lines.append(([row.dimension, row.category].map(CSV.field) + figures.map { $0 ?? "" } + [row.suppressed ? "true" : "false"]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
