import AmityCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Giving the rest of one's entitlement to a named pool (TW-21), and a pool offered on the
/// mutual-aid board by its programme's city: what Taiwan's people gave in April 2020 reaches the
/// cities that need it through the same board as every other offer.
struct DonationPools {
    let request: Request

    /// Opens a pool: a name, and for each class it takes the aid catalogue's item it becomes.
    func create(_ programme: ProgrammeRecord, _ input: CreatePoolRequest) async throws -> PoolDTO {
        let programmeID = try programme.requireID()
        let schedule = try await request.application.programmeCache.schedule(of: programme, on: request.db)
        let classes = Set(schedule.versions.flatMap(\.policy.classes))
        var errors: [DomainError.FieldError] = []
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.append(.init(field: "name", key: "error_required")) }
        if let error = DomainError.FieldError.length("name", name, max: 200) { errors.append(error) }
        if input.items.isEmpty { errors.append(.init(field: "items", key: "error_required")) }
        for (name, item) in input.items.sorted(by: { $0.key < $1.key }) {
            if !classes.contains(name) {
                errors.append(.init(field: "items.\(name)", key: "error_choice", ["text": name, "choices": classes.sorted().joined(separator: ", ")]))
            }
            do { _ = try Catalogue.item(item, field: "items.\(name)") } catch let DomainError.invalid(fields) { errors += fields }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        return try await request.write(.runProgramme(programmeID: programmeID, owner: programme.owner)) { trail, actor in
            let pool = PoolRecord()
            (pool.programmeID, pool.name, pool.items) = (programmeID, name, try Self.json(input.items))
            (pool.createdBy, pool.createdAt) = (actor.personID, trail.now)
            try await pool.create(on: trail.db)
            let dto = try await Self.dto(pool, on: trail.db)
            try await trail.record("create", "donation-pool", id: String(dto.id), cityID: programme.cityID, after: dto)
            return dto
        }
    }

    /// Gives the rest of a person's entitlement in `quota` to a pool, at a seller's counter with
    /// their card: counted like a purchase from then on, so nothing of it can be bought after.
    /// The same donation id gets the first answer.
    func donate(_ programme: ProgrammeRecord, _ input: DonationRequest, seller: Sales.Seller) async throws -> (DonationDTO, created: Bool) {
        let programmeID = try programme.requireID()
        var errors: [DomainError.FieldError] = []
        if !Sales.isSaleID(input.donationId) { errors.append(.init(field: "donationId", key: "error_sale_id")) }
        var outletID = input.outletId
        if case .terminal(let terminal) = seller {
            if let asked = input.outletId, asked != terminal.outletID { throw Abort(.forbidden, reason: "This terminal records donations at its own outlet only.") }
            outletID = terminal.outletID
        } else if let asked = outletID {
            if try await OutletRecord.query(on: request.db).filter(\.$id == asked).filter(\.$programmeID == programmeID).first() == nil {
                errors.append(.init(field: "outletId", key: "error_no_outlet", ["id": String(asked)]))
            }
        } else {
            errors.append(.init(field: "outletId", key: "error_required"))
        }
        var key: String?
        do { key = try request.application.documentKey.programmeKey(input.document, programmeID: programmeID, field: "document") }
        catch let DomainError.invalid(fields) { errors += fields }
        guard errors.isEmpty, let outletID, let key else { throw DomainError.invalid(errors) }
        guard let person = try await RegisteredPersonRecord.query(on: request.db).filter(\.$programmeID == programmeID).filter(\.$documentKey == key).first() else {
            throw DomainError.invalid("document", key: "error_not_registered")
        }
        let personID = try person.requireID()
        let fingerprint = "donation|\(outletID)|\(personID)|\(input.quota)|\(input.poolId)"
        if let kept = try await kept(programmeID: programmeID, donationID: input.donationId, fingerprint: fingerprint) { return (kept, false) }
        let app = request.application
        do {
            let dto = try await request.transaction(personID: seller.personID) { trail in
                let db = trail.db
                try await Terminals.requireLive(seller, on: db.sql)
                if db.sql.dialect.name == "postgresql" {
                    try await db.sql.raw("SELECT id FROM \(ident: PoolRecord.schema) WHERE id = \(bind: input.poolId) FOR SHARE").run()
                }
                guard let pool = try await PoolRecord.find(input.poolId, on: db), pool.programmeID == programmeID else {
                    throw DomainError.invalid("poolId", key: "error_no_pool", ["id": String(input.poolId)])
                }
                guard pool.offeredAt == nil else { throw DomainError.conflict("This pool was offered on the aid board already; give to another.") }
                let items = try Self.items(pool)
                try await ReservationLedger.lock(people: [personID], outlets: [], on: db)
                guard let rules = try await app.programmeCache.schedules(of: [programmeID], on: db.sql)[programmeID]?.inForce(at: trail.now) else {
                    throw DomainError.invalid("policyVersion", key: "error_no_policy_in_force")
                }
                let history = try await SaleHistory.purchases(of: [personID], since: rules.historyStart(at: trail.now), now: trail.now, on: .sql(db.sql))[personID] ?? []
                let given: [Purchase]
                switch rules.donation(of: try RegisteredPeople.person(.init(person)), quota: input.quota, at: trail.now, history: history) {
                case .success(let purchases): given = purchases.filter { $0.quantity > 0 }
                case .failure(let error): throw error
                }
                guard !given.isEmpty else { throw DomainError.conflict("Nothing is left to give in this window.") }
                if let other = given.first(where: { items[$0.class] == nil }) {
                    throw DomainError.conflict("This pool does not take \(other.class); give to a pool that does.")
                }
                let lines = given.map { PricedLine(card: 0, class: $0.class, quantity: $0.quantity, amount: .zero) }
                let answer = SaleDTO(saleId: input.donationId, outletId: outletID, at: trail.now, allowed: true, policyVersion: rules.policy.version,
                                     lines: lines, fee: .zero, total: .zero, currency: rules.policy.currency, reasons: [], sentences: [],
                                     reversedAt: nil, reversalReason: nil)
                let sale = SaleRecord()
                (sale.programmeID, sale.clientID, sale.fingerprint, sale.outletID) = (programmeID, input.donationId, fingerprint, outletID)
                (sale.terminalID, sale.sellerID, sale.holderID, sale.channel, sale.at) = (seller.terminalID, seller.personID, personID, "donation", trail.now)
                (sale.allowed, sale.policyVersion, sale.decision, sale.holds) = (true, rules.policy.version, try Sales.json(answer), false)
                try await sale.create(on: db)
                for purchase in given {
                    let line = SaleLineRecord()
                    (line.saleID, line.personID, line.class, line.quantity) = (try sale.requireID(), personID, purchase.class, purchase.quantity)
                    (line.amount, line.channel, line.donated, line.at, line.reversed) = (0, "donation", true, trail.now, false)
                    try await line.create(on: db)
                    let donation = DonationRecord()
                    (donation.poolID, donation.saleID, donation.class, donation.quantity, donation.at) = (input.poolId, try sale.requireID(), purchase.class, purchase.quantity, trail.now)
                    try await donation.create(on: db)
                }
                let dto = DonationDTO(donationId: input.donationId, poolId: input.poolId, quota: input.quota, at: trail.now, lines: given.map { DonationDTO.Given(class: $0.class, quantity: $0.quantity) })
                // The audit keeps what was given to which pool, never by whom.
                try await trail.record("donate", "donation-pool", id: String(input.poolId), cityID: programme.cityID, after: dto.lines)
                return dto
            }
            return (dto, true)
        } catch {
            guard let kept = try await kept(programmeID: programmeID, donationID: input.donationId, fingerprint: fingerprint) else { throw error }
            return (kept, false)
        }
    }

    private func kept(programmeID: Int, donationID: String, fingerprint: String) async throws -> DonationDTO? {
        guard let sale = try await SaleRecord.query(on: request.db).filter(\.$programmeID == programmeID).filter(\.$clientID == donationID).first() else { return nil }
        guard sale.fingerprint == fingerprint, sale.channel == "donation" else { throw Sales.reused(donationID) }
        let rows = try await DonationRecord.query(on: request.db).filter(\.$saleID == sale.requireID()).all()
        let quota = fingerprint.split(separator: "|").dropFirst(3).first.map(String.init) ?? ""
        return DonationDTO(donationId: donationID, poolId: rows.first?.poolID ?? 0, quota: quota, at: sale.at, lines: rows.map { DonationDTO.Given(class: $0.class, quantity: $0.quantity) })
    }

    /// Offers what a pool holds on the mutual-aid board as its programme's city, one offer per item,
    /// and closes the pool. Only the city's own officers (or administrators) may.
    func offer(_ programme: ProgrammeRecord, poolID: Int) async throws -> [OfferDTO] {
        guard let cityID = programme.cityID else {
            throw DomainError.conflict("Only a city's programme offers aid; this programme belongs to a network or a country.")
        }
        let programmeID = try programme.requireID()
        let ids = try await request.write(.actForCity(cityID: cityID)) { trail, _ in
            let db = trail.db
            if db.sql.dialect.name == "postgresql" {
                // Donations in flight finish first; later ones see the pool offered.
                try await db.sql.raw("SELECT id FROM \(ident: PoolRecord.schema) WHERE id = \(bind: poolID) FOR UPDATE").run()
            }
            guard let pool = try await PoolRecord.find(poolID, on: db), pool.programmeID == programmeID else {
                throw DomainError.notFound(entity: "donation pool", id: String(poolID))
            }
            guard pool.offeredAt == nil else { throw DomainError.conflict("This pool was offered already.") }
            let items = try Self.items(pool)
            let donations = try await DonationRecord.query(on: db).filter(\.$poolID == poolID).all()
            var totals: [String: Int] = [:]
            for donation in donations { totals[donation.class, default: 0] += donation.quantity }
            guard !totals.isEmpty else { throw DomainError.conflict("Nobody has given to this pool yet.") }
            var offers: [Int] = []
            for (name, quantity) in totals.sorted(by: { $0.key < $1.key }) {
                let offer = OfferRecord()
                (offer.cityID, offer.item, offer.quantity, offer.committed) = (cityID, items[name]!, Int64(quantity), 0)
                (offer.availableUntil, offer.partnersOnly, offer.status, offer.confirmedAt, offer.createdAt) = (nil, false, .open, trail.now, trail.now)
                offer.note = "Given by \(Set(donations.filter { $0.class == name }.map(\.saleID)).count) people of \(programme.name) from their own entitlement (pool \"\(pool.name)\")."
                try await offer.create(on: db)
                let offerID = try offer.requireID()
                try await DonationRecord.query(on: db).filter(\.$poolID == poolID).filter(\.$class == name).set(\.$offerID, to: offerID).update()
                try await trail.record("create", "offer", id: String(offerID), cityID: cityID, after: AuditRow(offer))
                try await trail.announceOffer(offer)
                offers.append(offerID)
            }
            pool.offeredAt = trail.now
            try await pool.save(on: db)
            return offers
        }
        var offers: [OfferDTO] = []
        for id in ids { offers.append(try await AidBoard(request: request).offer(id: id)) }
        return offers
    }

    func list(_ programme: ProgrammeRecord) async throws -> [PoolDTO] {
        var pools: [PoolDTO] = []
        for pool in try await PoolRecord.query(on: request.db).filter(\.$programmeID == programme.requireID()).sort(\.$id).limit(500).all() {
            pools.append(try await Self.dto(pool, on: request.db))
        }
        return pools
    }

    static func dto(_ pool: PoolRecord, on db: any Database) async throws -> PoolDTO {
        let id = try pool.requireID()
        let donations = try await DonationRecord.query(on: db).filter(\.$poolID == id).all()
        var totals: [String: Int] = [:]
        for donation in donations { totals[donation.class, default: 0] += donation.quantity }
        return PoolDTO(id: id, programmeId: pool.programmeID, name: pool.name, items: try items(pool), given: totals,
                       donations: Set(donations.map(\.saleID)).count, createdAt: pool.createdAt, offeredAt: pool.offeredAt,
                       offers: Set(donations.compactMap(\.offerID)).sorted())
    }

    private static func items(_ pool: PoolRecord) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(pool.items.utf8))
    }

    private static func json(_ items: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(items), as: UTF8.self)
    }
}
