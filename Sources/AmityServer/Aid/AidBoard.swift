import AmityCore
import Fluent
import Vapor

/// Needs and offers: posted, listed, reconfirmed and withdrawn by the cities that have them.
struct AidBoard {
    let request: Request
    var db: any Database { request.db }
    var freshness: PostingFreshness { PostingFreshness(days: request.application.amity.needFreshnessDays) }
    var offerFreshness: PostingFreshness { PostingFreshness(days: request.application.amity.offerFreshnessDays) }

    func postNeed(_ input: PostNeedInput) async throws -> NeedDTO {
        var errors: [DomainError.FieldError] = []
        do { _ = try Catalogue.item(input.item) } catch let DomainError.invalid(fields) { errors += fields }
        if !AidBounds.quantity.contains(input.quantity) { errors.append(AidBounds.quantityError()) }
        if !(1...5).contains(input.urgency) { errors.append(.init(field: "urgency", key: "error_urgency")) }
        if let error = DomainError.FieldError.length("deliveryNote", input.deliveryNote ?? "", max: 1_000, required: false) { errors.append(error) }
        if try await City.find(input.cityId, on: db) == nil { errors.append(.init(field: "cityId", key: "error_no_city", ["id": String(input.cityId)])) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        try request.takePost()
        let id = try await request.write(.actForCity(cityID: input.cityId)) { trail, _ in
            let need = NeedRecord()
            (need.cityID, need.item, need.quantity, need.urgency) = (input.cityId, input.item, input.quantity, input.urgency)
            (need.neededBy, need.deliveryNote, need.status) = (input.neededBy, input.deliveryNote, .open)
            (need.confirmedAt, need.createdAt) = (trail.now, trail.now)
            try await need.create(on: trail.db)
            try await trail.record("create", "need", id: String(need.id ?? 0), cityID: input.cityId, after: AuditRow(need))
            try await trail.announceNeed(need)
            return try need.requireID()
        }
        return try await need(id: id)
    }

    func postOffer(_ input: PostOfferInput) async throws -> OfferDTO {
        var errors: [DomainError.FieldError] = []
        do { _ = try Catalogue.item(input.item) } catch let DomainError.invalid(fields) { errors += fields }
        if !AidBounds.quantity.contains(input.quantity) { errors.append(AidBounds.quantityError()) }
        if let until = input.availableUntil, until <= request.application.clock.now() { errors.append(.init(field: "availableUntil", key: "error_future")) }
        if try await City.find(input.cityId, on: db) == nil { errors.append(.init(field: "cityId", key: "error_no_city", ["id": String(input.cityId)])) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        try request.takePost()
        let id = try await request.write(.actForCity(cityID: input.cityId)) { trail, _ in
            let offer = OfferRecord()
            (offer.cityID, offer.item, offer.quantity, offer.committed) = (input.cityId, input.item, input.quantity, 0)
            (offer.availableUntil, offer.partnersOnly, offer.status) = (input.availableUntil, input.partnersOnly ?? false, .open)
            (offer.confirmedAt, offer.createdAt) = (trail.now, trail.now)
            try await offer.create(on: trail.db)
            try await trail.record("create", "offer", id: String(offer.id ?? 0), cityID: input.cityId, after: AuditRow(offer))
            try await trail.announceOffer(offer)
            return try offer.requireID()
        }
        return try await offer(id: id)
    }

    /// Confirms the need still stands, restarting its window.
    func reconfirm(needID: Int) async throws -> NeedDTO {
        let need = try await findNeed(needID)
        try await request.write(.actForCity(cityID: need.cityID)) { trail, _ in
            guard let row = try await NeedRecord.find(needID, on: trail.db), row.status == .open else {
                throw DomainError.conflict("Only an open need can be reconfirmed.")
            }
            let before = AuditRow(row)
            row.confirmedAt = trail.now
            try await row.save(on: trail.db)
            try await trail.record("reconfirm", "need", id: String(needID), cityID: row.cityID, before: before, after: AuditRow(row))
        }
        return try await self.need(id: needID)
    }

    /// Confirms the offer still stands, restarting its window.
    func reconfirm(offerID: Int) async throws -> OfferDTO {
        let offer = try await findOffer(offerID)
        try await request.write(.actForCity(cityID: offer.cityID)) { trail, _ in
            guard let row = try await OfferRecord.find(offerID, on: trail.db), row.status == .open else {
                throw DomainError.conflict("Only an open offer can be reconfirmed.")
            }
            let before = AuditRow(row)
            row.confirmedAt = trail.now
            try await row.save(on: trail.db)
            try await trail.record("reconfirm", "offer", id: String(offerID), cityID: row.cityID, before: before, after: AuditRow(row))
        }
        return try await self.offer(id: offerID)
    }

    func withdrawNeed(_ id: Int) async throws -> NeedDTO {
        let need = try await findNeed(id)
        try await request.write(.actForCity(cityID: need.cityID)) { trail, _ in
            guard let row = try await NeedRecord.find(id, on: trail.db), row.status == .open else { throw DomainError.conflict("This need is not open.") }
            let before = AuditRow(row)
            row.status = .withdrawn
            try await row.save(on: trail.db)
            try await trail.record("withdraw", "need", id: String(id), cityID: row.cityID, before: before, after: AuditRow(row))
        }
        return try await self.need(id: id)
    }

    func withdrawOffer(_ id: Int) async throws -> OfferDTO {
        let offer = try await findOffer(id)
        try await request.write(.actForCity(cityID: offer.cityID)) { trail, _ in
            guard let row = try await OfferRecord.find(id, on: trail.db), row.status == .open else { throw DomainError.conflict("This offer is not open.") }
            let before = AuditRow(row)
            row.status = .withdrawn
            try await row.save(on: trail.db)
            try await trail.record("withdraw", "offer", id: String(id), cityID: row.cityID, before: before, after: AuditRow(row))
        }
        return try await self.offer(id: id)
    }

    // MARK: Reading

    func needs(cityID: Int? = nil, item: String? = nil, includeLapsed: Bool = false, page: Paging) async throws -> CursorPage<NeedDTO> {
        var query = NeedRecord.query(on: db).filter(\.$status == .open)
        if let cityID { query = query.filter(\.$cityID == cityID) }
        if let item { query = query.filter(\.$item == item) }
        if !includeLapsed {
            query = query.filter(\.$confirmedAt > request.application.clock.now().addingTimeInterval(-Double(freshness.days) * 86_400))
        }
        return try await page.newestFirst(query, items: needDTOs)
    }

    func offers(cityID: Int? = nil, item: String? = nil, includeLapsed: Bool = false, page: Paging) async throws -> CursorPage<OfferDTO> {
        var query = includeLapsed ? OfferRecord.query(on: db).filter(\.$status == .open)
            : OfferRecord.standing(on: db, at: request.application.clock.now(), days: offerFreshness.days)
        if let cityID { query = query.filter(\.$cityID == cityID) }
        if let item { query = query.filter(\.$item == item) }
        return try await page.newestFirst(query, items: offerDTOs)
    }

    /// The open needs and offers of `cityIDs` that lapsed, newest first: what their officers may reconfirm.
    func lapsed(cityIDs: Set<Int>, limit: Int = 50) async throws -> (needs: [NeedDTO], offers: [OfferDTO]) {
        guard !cityIDs.isEmpty else { return ([], []) }
        let now = request.application.clock.now()
        let needs = try await NeedRecord.query(on: db).filter(\.$status == .open).filter(\.$cityID ~~ cityIDs)
            .filter(\.$confirmedAt <= now.addingTimeInterval(-Double(freshness.days) * 86_400)).sort(\.$id, .descending).limit(limit).all()
        let offers = try await OfferRecord.query(on: db).filter(\.$status == .open).filter(\.$cityID ~~ cityIDs)
            .filter(\.$confirmedAt <= now.addingTimeInterval(-Double(offerFreshness.days) * 86_400)).sort(\.$id, .descending).limit(limit).all()
        return (try await needDTOs(needs), try await offerDTOs(offers))
    }

    /// Open needs and offers as one city sees them: nearest first (kilometres beside each), among
    /// the `scan` most recent of each. Distance is measured here rather than ordered by the
    /// database, whose SQLite build has no trigonometry to index.
    func near(_ point: Coordinate, limit: Int, scan: Int = Paging.maximumLimit) async throws -> (needs: [Nearby<NeedDTO>], offers: [Nearby<OfferDTO>]) {
        let needs = try await needs(page: try Paging(limit: scan, cursor: nil, shape: AidController.shape)).items
        let offers = try await offers(page: try Paging(limit: scan, cursor: nil, shape: AidController.shape)).items.filter { $0.available > 0 }
        let rows = try await Gazetteer(database: db).cities(ids: needs.map(\.city.id) + offers.map(\.city.id))
        let places = Dictionary(rows.compactMap { row in (try? Coordinate(latitude: row.latitude, longitude: row.longitude)).map { (row.id, $0) } },
                                uniquingKeysWith: { first, _ in first })
        func nearest<Item>(_ items: [Item], city: (Item) -> Int) -> [Nearby<Item>] {
            items.map { Nearby(item: $0, kilometres: places[city($0)].map { point.distanceKilometres(to: $0) }) }
                .sorted { ($0.kilometres ?? .infinity) < ($1.kilometres ?? .infinity) }.prefix(limit).map { $0 }
        }
        return (nearest(needs) { $0.city.id }, nearest(offers) { $0.city.id })
    }

    func need(id: Int) async throws -> NeedDTO { try await needDTOs([try await findNeed(id)])[0] }

    func offer(id: Int) async throws -> OfferDTO { try await offerDTOs([try await findOffer(id)])[0] }

    func findOffer(_ id: Int) async throws -> OfferRecord {
        guard let offer = try await OfferRecord.find(id, on: db) else { throw DomainError.notFound(entity: "offer", id: String(id)) }
        return offer
    }

    func findNeed(_ id: Int) async throws -> NeedRecord {
        guard let need = try await NeedRecord.find(id, on: db) else { throw DomainError.notFound(entity: "need", id: String(id)) }
        return need
    }

    func needDTOs(_ rows: [NeedRecord]) async throws -> [NeedDTO] {
        let cities = try await CityDirectory(database: db).cityRefs(ids: rows.map(\.cityID))
        let now = request.application.clock.now().timeIntervalSince1970
        return rows.compactMap { n in
            guard let city = cities[n.cityID] else { return nil }
            let confirmed = n.confirmedAt.timeIntervalSince1970
            let lapses = freshness.expiry(confirmedAt: confirmed)
            return NeedDTO(id: n.id ?? 0, city: city, item: n.item, itemName: Catalogue.name(of: n.item), quantity: n.quantity, urgency: n.urgency, neededBy: n.neededBy,
                           deliveryNote: n.deliveryNote, status: n.status, confirmedAt: n.confirmedAt,
                           lapsesAt: Date(timeIntervalSince1970: lapses), lapsed: now >= lapses && n.status == .open,
                           reminder: n.status == .open && freshness.needsReminder(confirmedAt: confirmed, now: now), postedAt: n.createdAt, note: n.note)
        }
    }

    func offerDTOs(_ rows: [OfferRecord]) async throws -> [OfferDTO] {
        let cities = try await CityDirectory(database: db).cityRefs(ids: rows.map(\.cityID))
        let now = request.application.clock.now().timeIntervalSince1970
        return rows.compactMap { o in
            guard let city = cities[o.cityID] else { return nil }
            let confirmed = o.confirmedAt.timeIntervalSince1970
            let lapses = offerFreshness.expiry(confirmedAt: confirmed)
            return OfferDTO(id: o.id ?? 0, city: city, item: o.item, itemName: Catalogue.name(of: o.item), quantity: o.quantity, committed: o.committed,
                            available: o.quantity - o.committed, availableUntil: o.availableUntil, partnersOnly: o.partnersOnly, status: o.status,
                            confirmedAt: o.confirmedAt, lapsesAt: Date(timeIntervalSince1970: lapses), lapsed: now >= lapses && o.status == .open,
                            reminder: o.status == .open && offerFreshness.needsReminder(confirmedAt: confirmed, now: now), postedAt: o.createdAt, note: o.note)
        }
    }
}

/// A posting with how far its city is from the reader's.
struct Nearby<Item: Sendable>: Sendable {
    var item: Item
    var kilometres: Double?
}

/// What the audit log keeps of an aid record: its columns as they were.
extension AuditRow {
    init(_ need: NeedRecord) {
        fields = ["city": "\(need.cityID)", "item": need.item, "quantity": "\(need.quantity)", "urgency": "\(need.urgency)",
                  "status": need.status.rawValue, "confirmedAt": "\(need.confirmedAt.timeIntervalSince1970)"]
    }

    init(_ offer: OfferRecord) {
        fields = ["city": "\(offer.cityID)", "item": offer.item, "quantity": "\(offer.quantity)", "committed": "\(offer.committed)",
                  "partnersOnly": "\(offer.partnersOnly)", "status": offer.status.rawValue, "confirmedAt": "\(offer.confirmedAt.timeIntervalSince1970)",
                  "availableUntil": offer.availableUntil.map { "\($0.timeIntervalSince1970)" } ?? ""]
    }

    init(_ pledge: PledgeRecord) {
        fields = ["donor": "\(pledge.donorCityID)", "recipient": "\(pledge.recipientCityID)", "item": pledge.item,
                  "quantity": "\(pledge.quantity)", "status": pledge.status.rawValue, "received": "\(pledge.received)",
                  "waybill": pledge.waybill ?? "", "cancelReason": pledge.cancelReason ?? ""]
    }
}
