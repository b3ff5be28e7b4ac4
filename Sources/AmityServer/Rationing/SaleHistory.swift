import AmityCore
import Fluent
import Foundation
import SQLKit

/// What people bought, as the rules read it: the one way sales, previews and entitlement
/// questions load a history, in one plain query (the hot path of a national programme).
enum SaleHistory {
    private struct Line: Decodable {
        var person_id: Int, at: Date, `class`: String, quantity: Int, channel: String, donated: Bool
    }

    /// The lines of `people` from `since` on, reversals left out, by person. A line stamped later
    /// than `now` (another server's clock running ahead) still counts, as now.
    static func purchases(of people: [Int], since: Date, now: Date, on db: any SQLDatabase) async throws -> [Int: [Purchase]] {
        guard !people.isEmpty else { return [:] }
        var history: [Int: [Purchase]] = [:]
        for line in try await db.raw("""
            SELECT person_id, at, class, quantity, channel, donated FROM \(unsafeRaw: SaleLineRecord.schema)
            WHERE person_id IN (\(binds: people)) AND at >= \(bind: since) AND reversed = \(bind: false)
            """).all(decoding: Line.self) {
            history[line.person_id, default: []].append(Purchase(person: String(line.person_id), at: min(line.at, now), class: line.class,
                                                                  quantity: line.quantity, channel: line.channel, donated: line.donated))
        }
        return history
    }

    /// The person registered in the programme under `key` (an HMAC), with their lines from `since`
    /// on, in one plain query: the entitlement question, asked by residents at a country's scale.
    static func person(key: String, programmeID: Int, since: Date, now: Date, on db: any SQLDatabase) async throws -> (RegisteredPeople.Registered, [Purchase])? {
        struct Row: Decodable {
            var id: Int, document_key: String, document_type: String, last_digit: Int?, birth: String, flags: String, household_key: String?
            var at: Date?, `class`: String?, quantity: Int?, channel: String?, donated: Bool?
        }
        let rows = try await db.raw("""
            SELECT p.id, p.document_key, p.document_type, p.last_digit, p.birth, p.flags, p.household_key, l.at, l.class, l.quantity, l.channel, l.donated
            FROM \(unsafeRaw: RegisteredPersonRecord.schema) p LEFT JOIN \(unsafeRaw: SaleLineRecord.schema) l
              ON l.person_id = p.id AND l.at >= \(bind: since) AND l.reversed = \(bind: false)
            WHERE p.programme_id = \(bind: programmeID) AND p.document_key = \(bind: key)
            """).all(decoding: Row.self)
        guard let first = rows.first else { return nil }
        let person = RegisteredPeople.Registered(id: first.id, documentKey: first.document_key, documentType: first.document_type, lastDigit: first.last_digit,
                                                 birth: first.birth, flags: first.flags, householdKey: first.household_key)
        let purchases = rows.compactMap { row -> Purchase? in
            guard let at = row.at, let name = row.class, let quantity = row.quantity, let channel = row.channel else { return nil }
            return Purchase(person: String(row.id), at: min(at, now), class: name, quantity: quantity, channel: channel, donated: row.donated ?? false)
        }
        return (person, purchases)
    }
}
