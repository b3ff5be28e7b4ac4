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

    /// The people registered in the programme under `keys` (HMACs), each with their lines from
    /// `since` on, in one plain query: the entitlement questions asked together (`RationingReads`).
    /// Lines are as stored; each question clamps and trims them to its own instant.
    static func people(keys: Set<String>, programmeID: Int, since: Date, on db: any SQLDatabase) async throws -> [String: RationingReads.Found] {
        struct Row: Decodable {
            var id: Int, document_key: String, document_type: String, last_digit: Int?, birth: String, flags: String, household_key: String?
            var at: Date?, `class`: String?, quantity: Int?, channel: String?, donated: Bool?
        }
        guard !keys.isEmpty else { return [:] }
        var found: [String: RationingReads.Found] = [:]
        for row in try await db.raw("""
            SELECT p.id, p.document_key, p.document_type, p.last_digit, p.birth, p.flags, p.household_key, l.at, l.class, l.quantity, l.channel, l.donated
            FROM \(unsafeRaw: RegisteredPersonRecord.schema) p LEFT JOIN \(unsafeRaw: SaleLineRecord.schema) l
              ON l.person_id = p.id AND l.at >= \(bind: since) AND l.reversed = \(bind: false)
            WHERE p.programme_id = \(bind: programmeID) AND p.document_key IN (\(binds: keys.sorted()))
            """).all(decoding: Row.self) {
            if found[row.document_key] == nil {
                found[row.document_key] = (RegisteredPeople.Registered(id: row.id, documentKey: row.document_key, documentType: row.document_type, lastDigit: row.last_digit,
                                                                       birth: row.birth, flags: row.flags, householdKey: row.household_key), [])
            }
            if let at = row.at, let name = row.class, let quantity = row.quantity, let channel = row.channel {
                found[row.document_key]!.1.append(Purchase(person: String(row.id), at: at, class: name, quantity: quantity, channel: channel, donated: row.donated ?? false))
            }
        }
        return found
    }
}
