import AmityCore
import Fluent
import Foundation

/// What stood on a past day, for a plan made as of it. Needs and offers are those posted by then
/// and not yet withdrawn; each counts if a confirmation (its posting, a reconfirmation in the audit
/// trail, or its latest confirmation when that came before the day) falls within its lapse window.
/// An offer has what pledges made later now hold of it back. Ties and memberships are read from
/// their dated histories.
extension AidPlanner {
    func postingsThen(_ scope: Scope) async throws -> ([OfferRecord], [AllocationInput.Need]) {
        let offerQuery = OfferRecord.query(on: database).filter(\.$createdAt <= now)
            .group(.or) { $0.filter(\.$availableUntil == nil).filter(\.$availableUntil > now) }
        let needQuery = NeedRecord.query(on: database).filter(\.$createdAt <= now)
        try await narrow(offers: offerQuery, needs: needQuery, to: scope)
        let offerConfirmations = try await confirmations(of: "offer", window: offerDays)
        let needConfirmations = try await confirmations(of: "need", window: needDays)
        let withdrawn = try await withdrawals()
        func counts(_ entity: String, id: Int?, createdAt: Date, confirmedAt: Date, days: Int, within: Set<Int>) -> Bool {
            guard let id, !withdrawn.contains("\(entity):\(id)") else { return false }
            let since = now.addingTimeInterval(-Double(days) * 86_400)
            return createdAt > since || (confirmedAt <= now && confirmedAt > since) || within.contains(id)
        }
        let needs = try await needQuery.all().filter {
            counts("need", id: $0.id, createdAt: $0.createdAt, confirmedAt: $0.confirmedAt, days: needDays, within: needConfirmations)
        }
        var offers = try await offerQuery.all().filter {
            counts("offer", id: $0.id, createdAt: $0.createdAt, confirmedAt: $0.confirmedAt, days: offerDays, within: offerConfirmations)
        }
        // What later pledges hold of an offer was still free on the day; what was pledged by then and cancelled since was not.
        let later = try await PledgeRecord.query(on: database).filter(\.$offerID ~~ offers.compactMap(\.id))
            .group(.or) { $0.filter(\.$createdAt > now).filter(\.$updatedAt > now) }.all()
        for offer in offers {
            let theirs = later.filter { $0.offerID == offer.id }
            let heldSince = theirs.filter { $0.createdAt > now && $0.status != .cancelled }.map(\.quantity).saturatingSum
            let cancelledSince = theirs.filter { $0.createdAt <= now && $0.status == .cancelled }.map(\.quantity).saturatingSum
            offer.committed = min(offer.quantity, max(0, offer.committed - heldSince + cancelledSince))
        }
        offers.removeAll { $0.quantity <= $0.committed }
        return (offers, needs.map { .init(id: $0.id ?? 0, city: $0.cityID, item: $0.item, quantity: $0.quantity, urgency: $0.urgency) })
    }

    /// Ids of needs or offers reconfirmed within `window` days before the day (by the audit trail).
    private func confirmations(of entity: String, window: Int) async throws -> Set<Int> {
        let since = now.addingTimeInterval(-Double(window) * 86_400)
        return Set(try await AuditEntry.query(on: database).filter(\.$entity == entity).filter(\.$action == "reconfirm")
            .filter(\.$at > since).filter(\.$at <= now).all(\.$entityID).compactMap { Int($0) })
    }

    /// `need:ID` and `offer:ID` of postings withdrawn by the day.
    private func withdrawals() async throws -> Set<String> {
        Set(try await AuditEntry.query(on: database).filter(\.$entity ~~ ["need", "offer"]).filter(\.$action == "withdraw")
            .filter(\.$at <= now).all().map { "\($0.entity):\($0.entityID)" })
    }

    /// Partnerships among `cities` in force: today's standing ones, or on a past day those whose
    /// history had them active then.
    func partnerships(among cities: [Int]) async throws -> [Partnership] {
        try await Self.partnerships(among: cities, on: database, asOf: replaying ? now : nil)
    }

    /// Partnerships among `cities` in force today, or as their histories had them on a past day.
    static func partnerships(among cities: [Int], on database: any Database, asOf now: Date?) async throws -> [Partnership] {
        guard let now else {
            return try await Partnership.standing(on: database).filter(\.$cityAID ~~ cities).filter(\.$cityBID ~~ cities).all()
        }
        let all = try await Partnership.query(on: database).filter(\.$claimedByCityID == nil)
            .filter(\.$cityAID ~~ cities).filter(\.$cityBID ~~ cities).all()
        let events = try await PartnershipEventRecord.query(on: database).filter(\.$partnershipID ~~ all.compactMap(\.id)).sort(\.$position).all()
        let day = try PartialDate(CalendarDay.text(now))
        return all.filter { p in
            let history = events.filter { $0.partnershipID == p.id }.compactMap { record -> PartnershipEvent? in
                guard let kind = try? PartnershipEventKind(parsing: record.kind) else { return nil }
                return PartnershipEvent(kind: kind, on: record.on.flatMap { try? PartialDate($0) })
            }
            return PartnershipHistory.status(of: history, on: day) == .active
        }
    }

    /// Memberships in force: all confirmed ones now; on a past day, those begun by then (or since a day not known).
    func standingMemberships(_ query: QueryBuilder<Membership>) async throws -> [Membership] {
        let rows = try await query.all()
        guard replaying, let day = try? PartialDate(CalendarDay.text(now)) else { return rows }
        return rows.filter { row in row.since.flatMap { try? PartialDate($0) }.map { !(day < $0) } ?? true }
    }

    /// The moment a plan made as of `text` replays: for a day (`YYYY-MM-DD`) the end of it, UTC, so
    /// all that happened on it counts; for an instant (ISO 8601, `2020-04-15T09:00:00Z`) that instant.
    /// nil for nothing, today or a moment not yet past, which plan from now; a later day is an error.
    static func asOf(_ text: String?, now: Date, field: String = "asOf") throws -> Date? {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return nil }
        let moment: Date
        if text.count > 10, let instant = Self.instant(text) {
            moment = instant
        } else {
            moment = try CalendarDay.parse(text, field: field).addingTimeInterval(86_399)
        }
        guard moment < now else {
            guard CalendarDay.text(moment) <= CalendarDay.text(now) else { throw DomainError.invalid(field, key: "error_plan_day_future", ["text": text]) }
            return nil
        }
        return moment
    }

    private static func instant(_ text: String) -> Date? {
        let format = ISO8601DateFormatter()
        if let date = format.date(from: text) { return date }
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return format.date(from: text)
    }
}
