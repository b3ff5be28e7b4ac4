import AmityCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Tells a city's officers, once per confirmation, that one of its open needs or offers lapses
/// within two days unless they reconfirm it. Run hourly with the purge; an instance claims each
/// warning with a conditional update in the transaction that writes the mail, so two instances
/// never both send it.
struct LapseWarnings {
    let app: Application
    /// How long before it lapses a posting is warned about.
    static let notice: TimeInterval = 2 * 86_400

    /// Writes the warnings now due; returns how many needs and offers were warned about.
    @discardableResult
    func send() async throws -> Int {
        let now = app.clock.now()
        var warned = 0
        let needDays = TimeInterval(app.amity.needFreshnessDays) * 86_400
        let needs = try await NeedRecord.query(on: app.db).filter(\.$status == .open)
            .filter(\.$confirmedAt <= now.addingTimeInterval(Self.notice - needDays))
            .filter(\.$confirmedAt > now.addingTimeInterval(-needDays)).sort(\.$id).all()
        for need in needs where need.lapseWarnedAt.map({ $0 < need.confirmedAt }) ?? true {
            let id = try need.requireID()
            let what = Fact("quantity_of_item", ["quantity": .number(need.quantity), "item": .item(need.item)])
            let notice = Notice(kind: .needLapsing, facts: ["what": what, "lapses": .alone(.instant(need.confirmedAt.addingTimeInterval(needDays)))],
                                link: "/aid#need-\(id)")
            if try await warn(NeedRecord.schema, id: id, city: need.cityID, notice) { warned += 1 }
        }
        let offerDays = TimeInterval(app.amity.offerFreshnessDays) * 86_400
        let offers = try await OfferRecord.query(on: app.db).filter(\.$status == .open)
            .filter(\.$confirmedAt <= now.addingTimeInterval(Self.notice - offerDays))
            .filter(\.$confirmedAt > now.addingTimeInterval(-offerDays)).sort(\.$id).all()
        // An offer that pledges hold whole has nothing left to lapse.
        for offer in offers where offer.quantity > offer.committed && (offer.lapseWarnedAt.map({ $0 < offer.confirmedAt }) ?? true) {
            let id = try offer.requireID()
            let what = Fact("quantity_of_item", ["quantity": .number(offer.quantity - offer.committed), "item": .item(offer.item)])
            let notice = Notice(kind: .offerLapsing, facts: ["what": what, "lapses": .alone(.instant(offer.confirmedAt.addingTimeInterval(offerDays)))],
                                link: "/aid#offer-\(id)")
            if try await warn(OfferRecord.schema, id: id, city: offer.cityID, notice) { warned += 1 }
        }
        return warned
    }

    /// Claims the warning for row `id` of `table` and writes the mail in one transaction; false if another instance claimed it.
    private func warn(_ table: String, id: Int, city: Int, _ notice: Notice) async throws -> Bool {
        try await app.transaction(personID: nil) { trail in
            let claimed = try await trail.db.sql.update(table).set("lapse_warned_at", to: SQLBind(trail.now))
                .where("id", .equal, id).where("status", .equal, PostingStatus.open)
                .where { $0.where("lapse_warned_at", .is, SQLLiteral.null).orWhere("lapse_warned_at", .lessThan, SQLColumn("confirmed_at")) }
                .returning("id").first() != nil
            guard claimed else { return false }
            try await trail.notify(notice, to: Audience(officersOf: [city]))
            return true
        }
    }
}
