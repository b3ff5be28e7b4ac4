import AmityCore
import Fluent
import SQLKit
import Vapor

/// Pledges: made from an offer to a need or a partner city, then confirmed, shipped, received, closed.
struct Pledges {
    let request: Request
    var db: any Database { request.db }

    /// What pledging asks of the caller: to act for the offer's city, or, before the offer is known, to be an officer.
    static func action(for target: BodyTarget, on db: any Database) async throws -> Action {
        guard let id = target.offerId, let offer = try await OfferRecord.find(id, on: db) else { return .holdRole(officer: true, secretariat: false) }
        return .actForCity(cityID: offer.cityID)
    }

    func create(_ input: PledgeInput) async throws -> PledgeDTO {
        guard AidBounds.quantity.contains(input.quantity) else { throw DomainError.invalid([AidBounds.quantityError()]) }
        guard let offer = try await OfferRecord.find(input.offerId, on: db) else {
            throw DomainError.invalid("offerId", key: "error_no_offer", ["id": String(input.offerId)])
        }
        let recipientCity = try await recipient(of: input, from: offer)
        let id = try await request.write(.actForCity(cityID: offer.cityID)) { trail, _ in
            try await Self.make(from: offer, to: recipientCity, need: input.needId, quantity: input.quantity, note: input.note, trail: trail)
        }
        return try await pledge(id: id)
    }

    /// The city a pledge goes to: the need's, or the one named.
    private func recipient(of input: PledgeInput, from offer: OfferRecord, open: Bool = true) async throws -> Int {
        var recipient = input.recipientCityId
        if let needID = input.needId {
            guard let need = try await NeedRecord.find(needID, on: db), need.status == .open || !open else {
                throw DomainError.invalid("needId", key: "error_no_need", ["id": String(needID)])
            }
            guard need.item == offer.item else {
                throw DomainError.invalid("needId", "Need \(needID) asks for \(need.item); offer \(offer.id ?? 0) gives \(offer.item).")
            }
            recipient = need.cityID
        }
        guard let recipientCity = recipient, recipientCity != offer.cityID, try await City.find(recipientCity, on: db) != nil else {
            throw DomainError.invalid("recipientCityId", "Say which other city receives: a need, or a recipient city.")
        }
        return recipientCity
    }

    /// Whether the pledge `input` describes may be made now, or might have been on a past day
    /// (`asOf`): the rules then in force, the exceptions granted and pledges made by then, the
    /// partnerships as they stood. Nothing is written; what the offer has left is not weighed.
    func check(_ input: PledgeInput, asOf: Date?) async throws -> PledgeCheckDTO {
        guard AidBounds.quantity.contains(input.quantity) else { throw DomainError.invalid([AidBounds.quantityError()]) }
        guard let offer = try await OfferRecord.find(input.offerId, on: db) else {
            throw DomainError.invalid("offerId", key: "error_no_offer", ["id": String(input.offerId)])
        }
        let recipient = try await recipient(of: input, from: offer, open: asOf == nil)
        do {
            try await Self.checkAllowed(offer: offer, recipient: recipient, quantity: input.quantity, on: db,
                                        at: asOf ?? request.application.clock.now(), replaying: asOf != nil)
            return PledgeCheckDTO(allowed: true, asOf: asOf)
        } catch DomainError.conflict(let reason) {
            // The rule's details only where a rule is what refused it (not a closed offer, nor a partners-only one).
            let refusal = try await RuleRefusal.find(offer: offer, quantity: input.quantity, on: db, at: asOf ?? request.application.clock.now(), replaying: asOf != nil)
                .flatMap { $0.english == reason ? $0 : nil }
            return PledgeCheckDTO(allowed: false, asOf: asOf, reason: reason, rule: refusal?.rule.id, leeway: refusal?.leeway,
                                  instead: refusal?.instead.map { .init(offerId: $0.offer, item: $0.item, available: $0.available) })
        }
    }

    /// Checks the rules, holds the supply and records a tentative pledge, inside the caller's transaction.
    static func make(from offer: OfferRecord, to recipient: Int, need: Int?, quantity: Int64, note: String?, trail: AuditTrail) async throws -> Int {
        try await checkAllowed(offer: offer, recipient: recipient, quantity: quantity, on: trail.db, at: trail.now)
        let offerID = try offer.requireID()
        try await commit(quantity, of: offerID, on: trail.db)
        let pledge = PledgeRecord()
        (pledge.offerID, pledge.needID, pledge.donorCityID, pledge.recipientCityID) = (offerID, need, offer.cityID, recipient)
        (pledge.item, pledge.quantity, pledge.status, pledge.received) = (offer.item, quantity, PledgeStatus.tentative, 0)
        (pledge.note, pledge.createdAt, pledge.updatedAt) = (note, trail.now, trail.now)
        try await pledge.create(on: trail.db)
        try await trail.record("create", "pledge", id: String(pledge.id ?? 0), cityID: offer.cityID, after: AuditRow(pledge))
        try await trail.announcePledge(pledge, step: "create")
        return try pledge.requireID()
    }

    /// Takes one step in a pledge's life, by the side whose step it is.
    func step(_ step: PledgeStep, pledgeID id: Int, _ input: PledgeStepInput) async throws -> PledgeDTO {
        let pledge = try await find(id)
        let action: Action = switch step.side {
        case .donor: .actForCity(cityID: pledge.donorCityID)
        case .recipient: .actForCity(cityID: pledge.recipientCityID)
        case .either: .actForEitherCity(cityIDs: [pledge.donorCityID, pledge.recipientCityID])
        }
        if step == .cancel, (input.reason ?? "").trimmingWhitespace().isEmpty {
            throw DomainError.invalid("reason", key: "error_reason_cancel")
        }
        if step == .ship, (input.mode ?? "").trimmingWhitespace().isEmpty {
            throw DomainError.invalid("mode", key: "error_mode")
        }
        try await request.write(action) { trail, _ in
            // Locked, so a double-click or a cancel racing a confirm acts on what the first one left.
            let row = try await trail.locked(PledgeRecord.self, id, entity: "pledge")
            let before = AuditRow(row)
            let status = row.status
            var received = row.received
            if step == .deliver {
                guard let more = input.received, AidBounds.quantity.contains(more) else { throw DomainError.invalid("received", key: "error_at_least_one") }
                guard more <= row.quantity - row.received else {
                    throw DomainError.invalid("received", key: "error_received_too_many", ["left": String(row.quantity - row.received)])
                }
                received += more
            }
            row.status = try PledgeLifecycle.next(after: status, step, delivered: received, quantity: row.quantity)
            row.received = received
            row.updatedAt = trail.now
            switch step {
            case .ship: (row.waybill, row.mode, row.customsStep) = (input.waybill, input.mode, input.customsStep)
            case .cancel:
                row.cancelReason = input.reason
                if let offer = row.offerID { try await Self.release(row.quantity, of: offer, on: trail.db) }
            default: break
            }
            try await row.save(on: trail.db)
            try await trail.record(step.rawValue, "pledge", id: String(id), cityID: row.donorCityID, before: before, after: AuditRow(row))
            try await trail.announcePledge(row, step: step.rawValue)
        }
        return try await self.pledge(id: id)
    }

    // MARK: Rules and supply

    /// Refuses a pledge the donor's country bans beyond what an exception still allows (naming the
    /// rule and what the city could send instead) or a partners-only offer to a city that is not a partner.
    /// Replaying a past day, the offer is judged as it stood then (posted, not past its "available
    /// until"), and so are the rules, their exceptions and the partnerships.
    static func checkAllowed(offer: OfferRecord, recipient: Int, quantity: Int64, on db: any Database, at now: Date, replaying: Bool = false) async throws {
        guard replaying ? offer.createdAt <= now : offer.status == .open, offer.availableUntil.map({ $0 > now }) ?? true else {
            throw DomainError.conflict(replaying ? "Offer \(offer.id ?? 0) was not open on that day." : "Offer \(offer.id ?? 0) is no longer open.")
        }
        guard let donor = try await City.find(offer.cityID, on: db) else { throw DomainError.notFound(entity: "city", id: String(offer.cityID)) }
        if let refusal = try await RuleRefusal.find(offer: offer, quantity: quantity, on: db, at: now, replaying: replaying) { throw DomainError.conflict(refusal.english) }
        if offer.partnersOnly {
            let partners = try await AidPlanner.partnerships(among: [offer.cityID, recipient], on: db, asOf: replaying ? now : nil)
                .filter { [PartnershipKind.sisterCity.rawValue, PartnershipKind.friendshipCity.rawValue].contains($0.kind) }
            guard !partners.isEmpty else { throw DomainError.conflict("Offer \(offer.id ?? 0) is for \(donor.name)'s sister and friendship cities only.") }
        }
    }

    /// Holds `quantity` of an offer in one conditional update, so concurrent pledges can never
    /// together take more than was offered (whichever database, however many instances).
    static func commit(_ quantity: Int64, of offerID: Int, on db: any Database) async throws {
        let rows = try await db.sql.update(OfferRecord.schema)
            .set(SQLIdentifier("committed"), to: SQLBinaryExpression(SQLIdentifier("committed"), .add, SQLBind(quantity)))
            .where("id", .equal, SQLBind(offerID)).where("status", .equal, SQLBind(PostingStatus.open))
            .where(SQLBinaryExpression(SQLBinaryExpression(SQLIdentifier("committed"), .add, SQLBind(quantity)), .lessThanOrEqual, SQLIdentifier("quantity")))
            .returning("id").all()
        guard !rows.isEmpty else {
            let offer = try await OfferRecord.find(offerID, on: db)
            throw DomainError.conflict("Offer \(offerID) has only \(max(0, (offer?.quantity ?? 0) - (offer?.committed ?? 0))) left to pledge.")
        }
    }

    /// Gives back what a pledge held; only ever called by the step that ended the pledge, under its lock.
    static func release(_ quantity: Int64, of offerID: Int, on db: any Database) async throws {
        try await db.sql.update(OfferRecord.schema)
            .set(SQLIdentifier("committed"), to: SQLBinaryExpression(SQLIdentifier("committed"), .subtract, SQLBind(quantity)))
            .where("id", .equal, SQLBind(offerID))
            .where(SQLIdentifier("committed"), .greaterThanOrEqual, SQLBind(quantity)).run()
    }

    // MARK: Reading

    func pledge(id: Int) async throws -> PledgeDTO { try await dtos([try await find(id)])[0] }

    func find(_ id: Int) async throws -> PledgeRecord {
        guard let pledge = try await PledgeRecord.find(id, on: db) else { throw DomainError.notFound(entity: "pledge", id: String(id)) }
        return pledge
    }

    func list(cityID: Int?, statuses: [PledgeStatus]?, page: Paging) async throws -> CursorPage<PledgeDTO> {
        var query = PledgeRecord.query(on: db)
        if let cityID { query = query.group(.or) { $0.filter(\.$donorCityID == cityID).filter(\.$recipientCityID == cityID) } }
        if let statuses { query = query.filter(\.$status ~~ statuses) }
        return try await page.newestFirst(query, items: dtos)
    }

    func dtos(_ rows: [PledgeRecord]) async throws -> [PledgeDTO] {
        let cities = try await CityDirectory(database: db).cityRefs(ids: rows.flatMap { [$0.donorCityID, $0.recipientCityID] })
        return rows.compactMap { p in
            guard let donor = cities[p.donorCityID], let recipient = cities[p.recipientCityID] else { return nil }
            return PledgeDTO(id: p.id ?? 0, offerId: p.offerID, needId: p.needID, donor: donor, recipient: recipient, item: p.item,
                             quantity: p.quantity, status: p.status, waybill: p.waybill, mode: p.mode, customsStep: p.customsStep,
                             received: p.received, cancelReason: p.cancelReason, note: p.note, createdAt: p.createdAt, updatedAt: p.updatedAt)
        }
    }
}
