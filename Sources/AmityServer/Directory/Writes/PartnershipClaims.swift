import AmityCore
import Fluent
import Vapor

/// Partnerships and events recorded by one city's officer, standing as claims until the other city confirms.
struct PartnershipClaims {
    let request: Request

    func record(_ input: RecordPartnershipInput) async throws -> PartnershipDTO {
        guard input.cities.count == 2, input.cities[0] != input.cities[1] else {
            throw DomainError.invalid("cities", key: "error_two_cities")
        }
        let kind = try PartnershipKind(parsing: input.kind)
        let history = try input.history.enumerated().map { try $1.event(field: "history[\($0)]") }
        _ = try PartnershipHistory.status(of: history)
        let found = try await request.gazetteer.cities(ids: input.cities)
        if let missing = input.cities.first(where: { id in !found.contains { $0.id == id } }) {
            throw DomainError.invalid("cities", key: "error_no_city", ["id": String(missing)])
        }
        let id = try await request.write(.claimPartnership(cityIDs: input.cities)) { trail, actor in
            let pair = (min(input.cities[0], input.cities[1]), max(input.cities[0], input.cities[1]))
            if try await Partnership.query(on: trail.db).filter(\.$cityAID == pair.0).filter(\.$cityBID == pair.1)
                .filter(\.$kind == kind.rawValue).first() != nil {
                throw DomainError.conflict("These two cities already have a \(kind.rawValue) partnership on record; add an event to it instead.")
            }
            let claimant = Self.claimant(actor, cities: input.cities)
            let partnership = try await PartnershipRecorder(database: trail.db).record(
                cities: input.cities, kind: kind, summary: input.summary, history: history, claimedBy: claimant)
            let id = try partnership.requireID()
            let after = try await CityDirectory(database: trail.db).partnership(id: id)
            try await trail.record("create", "partnership", id: String(id), cityID: claimant, after: after)
            return id
        }
        return try await request.directory.partnership(id: id)
    }

    func confirm(id: Int) async throws -> PartnershipDTO {
        let partnership = try await find(id)
        guard let claimant = partnership.claimedByCityID else {
            throw DomainError.conflict("This partnership is already confirmed.")
        }
        try await request.write(.confirmClaim(claimedBy: claimant, cityIDs: [partnership.cityAID, partnership.cityBID])) { trail, _ in
            let before = try await CityDirectory(database: trail.db).partnership(id: id)
            guard let row = try await Partnership.find(id, on: trail.db), row.claimedByCityID == claimant else {
                throw DomainError.conflict("This partnership is already confirmed.")
            }
            row.claimedByCityID = nil
            try await row.save(on: trail.db)
            // Confirming the partnership confirms the history its claimant recorded with it.
            try await PartnershipEventRecord.query(on: trail.db).filter(\.$partnershipID == id).filter(\.$claimedByCityID == claimant)
                .set(\.$claimedByCityID, to: nil).update()
            try await Self.settleStatus(of: id, on: trail.db)
            let after = try await CityDirectory(database: trail.db).partnership(id: id)
            try await trail.record("confirm", "partnership", id: String(id), before: before, after: after)
        }
        return try await request.directory.partnership(id: id)
    }

    func addEvent(partnershipID id: Int, _ input: PartnershipEventInput) async throws -> PartnershipDTO {
        let partnership = try await find(id)
        let event = try input.event(field: "event")
        let cities = [partnership.cityAID, partnership.cityBID]
        try await request.write(.claimPartnership(cityIDs: cities)) { trail, actor in
            let before = try await CityDirectory(database: trail.db).partnership(id: id)
            let records = try await PartnershipEventRecord.query(on: trail.db).filter(\.$partnershipID == id).sort(\.$position).all()
            _ = try PartnershipHistory.status(of: try Self.history(records) + [event])
            let record = PartnershipEventRecord()
            record.partnershipID = id
            record.position = (records.last?.position ?? -1) + 1
            record.kind = event.kind.rawValue
            record.on = event.on?.description
            record.source = event.source
            record.note = event.note
            record.claimedByCityID = Self.claimant(actor, cities: cities)
            try await record.create(on: trail.db)
            // One city's claim (a severance, a suspension) changes nothing until the other confirms it.
            if record.claimedByCityID == nil { try await Self.settleStatus(of: id, on: trail.db) }
            let after = try await CityDirectory(database: trail.db).partnership(id: id)
            try await trail.record("add-event", "partnership", id: String(id), cityID: record.claimedByCityID, before: before, after: after)
        }
        return try await request.directory.partnership(id: id)
    }

    func confirmEvent(partnershipID id: Int, position: Int) async throws -> PartnershipDTO {
        let partnership = try await find(id)
        guard let event = try await PartnershipEventRecord.query(on: request.db).filter(\.$partnershipID == id)
            .filter(\.$position == position).first() else {
            throw DomainError.notFound(entity: "partnership event", id: "\(id)/\(position)")
        }
        guard let claimant = event.claimedByCityID else { throw DomainError.conflict("This event is already confirmed.") }
        try await request.write(.confirmClaim(claimedBy: claimant, cityIDs: [partnership.cityAID, partnership.cityBID])) { trail, _ in
            let before = try await CityDirectory(database: trail.db).partnership(id: id)
            guard let row = try await PartnershipEventRecord.find(event.id, on: trail.db), row.claimedByCityID != nil else {
                throw DomainError.conflict("This event is already confirmed.")
            }
            row.claimedByCityID = nil
            try await row.save(on: trail.db)
            try await Self.settleStatus(of: id, on: trail.db)
            let after = try await CityDirectory(database: trail.db).partnership(id: id)
            try await trail.record("confirm-event", "partnership", id: String(id), before: before, after: after)
        }
        return try await request.directory.partnership(id: id)
    }

    private func find(_ id: Int) async throws -> Partnership {
        guard let partnership = try await Partnership.find(id, on: request.db) else {
            throw DomainError.notFound(entity: "partnership", id: String(id))
        }
        return partnership
    }

    static func history(_ records: [PartnershipEventRecord]) throws -> [PartnershipEvent] {
        try records.map { PartnershipEvent(kind: try PartnershipEventKind(parsing: $0.kind), on: try $0.on.map { try PartialDate($0) }) }
    }

    /// Sets the partnership's status from the events both cities stand behind (confirmed ones, and
    /// the partnership's own first events while the partnership itself is still a claim).
    static func settleStatus(of id: Int, on db: any Database) async throws {
        guard let row = try await Partnership.find(id, on: db) else { throw DomainError.notFound(entity: "partnership", id: String(id)) }
        let records = try await PartnershipEventRecord.query(on: db).filter(\.$partnershipID == id).sort(\.$position).all()
        let agreed = records.filter { $0.claimedByCityID == nil || $0.claimedByCityID == row.claimedByCityID }
        // A confirmed event whose predecessor is still a claim may not make a history on its own: keep the status.
        guard !agreed.isEmpty, let status = try? PartnershipHistory.status(of: try history(agreed)) else { return }
        row.status = status
        try await row.save(on: db)
    }

    /// The city an officer records for; an administrator's record needs no confirmation.
    static func claimant(_ actor: Actor, cities: [Int]) -> Int? {
        actor.isAdministrator ? nil : cities.first(where: actor.officerOf.contains)
    }
}
