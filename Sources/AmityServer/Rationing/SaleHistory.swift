import AmityCore
import Fluent
import Foundation
import SQLKit

/// What people bought, as the rules read it: the one way sales, previews and entitlement
/// questions load a history, in one plain query (the hot path of a national programme).
enum SaleHistory {
    /// A line as the rules read it, with whose it is.
    private struct Line: ColumnRow {
        var personID: Int, purchase: Purchase

        init(columns row: any SQLRow) throws {
            personID = try row.decode(column: "person_id", as: Int.self)
            purchase = try SaleHistory.purchase(of: personID, row)
        }
    }

    /// The line in `row` (columns at, class, quantity, channel, donated) of person `id`.
    private static func purchase(of id: Int, _ row: any SQLRow) throws -> Purchase {
        Purchase(person: String(id), at: try row.decode(column: "at", as: Date.self), class: try row.decode(column: "class", as: String.self),
                 quantity: try row.decode(column: "quantity", as: Int.self), channel: try row.decode(column: "channel", as: String.self),
                 donated: try row.decode(column: "donated", as: Bool.self))
    }

    /// The lines of `people` from `since` on, reversals left out, by person. A line stamped later
    /// than `now` (another server's clock running ahead) still counts, as now.
    static func purchases(of people: [Int], since: Date, now: Date, on db: any SQLDatabase) async throws -> [Int: [Purchase]] {
        guard !people.isEmpty else { return [:] }
        var history: [Int: [Purchase]] = [:]
        for line in try await db.raw("""
            SELECT person_id, at, class, quantity, channel, donated FROM \(unsafeRaw: SaleLineRecord.schema)
            WHERE person_id IN (\(binds: people)) AND at >= \(bind: since) AND reversed = \(bind: false)
            """).all(reading: Line.self) {
            var purchase = line.purchase
            purchase.at = min(purchase.at, now)
            history[line.personID, default: []].append(purchase)
        }
        return history
    }

    /// The people registered in the programme under `keys` (HMACs), each with their lines from
    /// `since` on, in one plain query: the entitlement questions asked together (`RationingReads`).
    /// Lines are as stored; each question clamps and trims them to its own instant.
    static func people(keys: Set<String>, programmeID: Int, since: Date, on db: any SQLDatabase) async throws -> [String: RationingReads.Found] {
        /// A person, with one of their lines when they have any (a left join).
        struct Row: ColumnRow {
            var person: RegisteredPeople.Registered, line: Purchase?

            init(columns row: any SQLRow) throws {
                person = try RegisteredPeople.Registered(columns: row)
                line = try row.decodeNil(column: "at") ? nil : SaleHistory.purchase(of: person.id, row)
            }
        }
        guard !keys.isEmpty else { return [:] }
        var found: [String: RationingReads.Found] = [:]
        for row in try await db.raw("""
            SELECT p.id, p.document_key, p.document_type, p.last_digit, p.birth, p.flags, p.household_key, l.at, l.class, l.quantity, l.channel, l.donated
            FROM \(unsafeRaw: RegisteredPersonRecord.schema) p LEFT JOIN \(unsafeRaw: SaleLineRecord.schema) l
              ON l.person_id = p.id AND l.at >= \(bind: since) AND l.reversed = \(bind: false)
            WHERE p.programme_id = \(bind: programmeID) AND p.document_key IN (\(binds: keys.sorted()))
            """).all(reading: Row.self) {
            found[row.person.documentKey, default: (row.person, [])].1 += row.line.map { [$0] } ?? []
        }
        return found
    }
}
