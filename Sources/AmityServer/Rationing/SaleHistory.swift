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
            SELECT person_id, at, class, quantity, channel, donated FROM \(ident: SaleLineRecord.schema)
            WHERE person_id IN (\(binds: people)) AND at >= \(bind: since) AND reversed = \(bind: false)
            """).all(decoding: Line.self) {
            history[line.person_id, default: []].append(Purchase(person: String(line.person_id), at: min(line.at, now), class: line.class,
                                                                  quantity: line.quantity, channel: line.channel, donated: line.donated))
        }
        return history
    }
}
