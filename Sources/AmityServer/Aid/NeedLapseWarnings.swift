import AmityCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Tells a city's officers, once per confirmation, that one of its open needs lapses within two
/// days unless they reconfirm it. Run hourly with the purge; an instance claims each warning with
/// a conditional update in the transaction that writes the mail, so two instances never both send it.
struct NeedLapseWarnings {
    let app: Application
    /// How long before it lapses a need is warned about.
    static let notice: TimeInterval = 2 * 86_400

    /// Writes the warnings now due; returns how many needs were warned about.
    @discardableResult
    func send() async throws -> Int {
        let now = app.clock.now()
        let freshness = TimeInterval(app.amity.needFreshnessDays) * 86_400
        // Confirmed long enough ago to lapse within the notice, but not yet lapsed.
        let due = try await NeedRecord.query(on: app.db).filter(\.$status == .open)
            .filter(\.$confirmedAt <= now.addingTimeInterval(Self.notice - freshness))
            .filter(\.$confirmedAt > now.addingTimeInterval(-freshness)).sort(\.$id).all()
        var warned = 0
        for need in due where need.lapseWarnedAt.map({ $0 < need.confirmedAt }) ?? true {
            let id = try need.requireID()
            let lapses = need.confirmedAt.addingTimeInterval(freshness)
            let sent = try await app.transaction(personID: nil) { trail in
                let claimed = try await trail.db.sql.update(NeedRecord.schema).set("lapse_warned_at", to: SQLBind(trail.now))
                    .where("id", .equal, id).where("status", .equal, PostingStatus.open)
                    .where { $0.where("lapse_warned_at", .is, SQLLiteral.null).orWhere("lapse_warned_at", .lessThan, SQLColumn("confirmed_at")) }
                    .returning("id").first() != nil
                guard claimed else { return false }
                let what = Fact("quantity_of_item", ["quantity": .number(need.quantity), "item": .item(need.item)])
                try await trail.notify(Notice(kind: .needLapsing, facts: ["what": what, "lapses": .alone(.instant(lapses))], link: "/aid#need-\(id)"),
                                       to: Audience(officersOf: [need.cityID]))
                return true
            }
            if sent { warned += 1 }
        }
        return warned
    }
}
