import AmityCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Plans as proposals: stored (made by the plan worker or `amity allocate`), read, and answered line
/// by line by the donor and the recipient.
struct Plans {
    let request: Request
    var db: any Database { request.db }

    /// The donor's or the recipient's answer to one line: accepting as donor pledges the line's
    /// quantity (tentative); accepting as recipient confirms it; declining cancels what was pledged.
    func answer(planID: Int, lineID: Int, accept: Bool) async throws -> PlanDTO {
        guard let line = try await PlanLineRecord.find(lineID, on: db), line.planID == planID else {
            throw DomainError.notFound(entity: "plan line", id: "\(planID)/\(lineID)")
        }
        guard let offer = try await OfferRecord.find(line.offerID, on: db), let need = try await NeedRecord.find(line.needID, on: db) else {
            throw DomainError.conflict("The offer or need of this line no longer exists.")
        }
        let actor = try await request.authorize(.actForEitherCity(cityIDs: [offer.cityID, need.cityID]))
        if try await PlanRecord.find(planID, on: db)?.asOf != nil {
            throw DomainError.conflict("This plan was made as of a past day and is a record; make a plan as of today to pledge.")
        }
        let asDonor = actor.officerOf.contains(offer.cityID) || (actor.isAdministrator && line.donorAnswer == nil)
        try await request.transaction(personID: actor.personID) { trail in
            // Locked, so two answers to one line (a double-click, donor and recipient at once) take turns.
            let row = try await trail.locked(PlanLineRecord.self, lineID, entity: "plan line")
            let before = ["donor": row.donorAnswer?.rawValue ?? "", "recipient": row.recipientAnswer?.rawValue ?? ""]
            guard (asDonor ? row.donorAnswer : row.recipientAnswer) == nil else {
                throw DomainError.conflict("This line was already answered by the \(asDonor ? "donor" : "recipient").")
            }
            let answer: LineAnswer = accept ? .accepted : .declined
            if asDonor { row.donorAnswer = answer } else { row.recipientAnswer = answer }
            if accept, asDonor, row.recipientAnswer != .declined {
                row.pledgeID = try await Pledges.make(from: offer, to: need.cityID, need: need.id, quantity: row.quantity,
                                                      note: "From plan \(planID)", trail: trail)
            }
            if let pledgeID = row.pledgeID, case let pledge = try await trail.locked(PledgeRecord.self, pledgeID, entity: "pledge"),
               pledge.status == PledgeStatus.tentative {
                if row.donorAnswer == .accepted, row.recipientAnswer == .accepted {
                    pledge.status = PledgeStatus.confirmed
                } else if !accept {
                    pledge.status = PledgeStatus.cancelled
                    pledge.cancelReason = "Declined in plan \(planID)."
                    try await Pledges.release(pledge.quantity, of: line.offerID, on: trail.db)
                }
                pledge.updatedAt = trail.now
                try await pledge.save(on: trail.db)
            }
            try await row.save(on: trail.db)
            try await trail.record(accept ? "accept" : "decline", "plan-line", id: "\(planID)/\(lineID)", cityID: asDonor ? offer.cityID : need.cityID,
                                   before: before, after: ["donor": row.donorAnswer?.rawValue ?? "", "recipient": row.recipientAnswer?.rawValue ?? ""])
        }
        return try await plan(id: planID)
    }

    func plan(id: Int) async throws -> PlanDTO {
        guard let plan = try await PlanRecord.find(id, on: db) else { throw DomainError.notFound(entity: "plan", id: String(id)) }
        let lines = try await PlanLineRecord.query(on: db).filter(\.$planID == id).sort(\.$id).all()
        let unmet = try JSONDecoder().decode([AllocationPlan.Unmet].self, from: Data(plan.unmet.utf8))
        let offers = Dictionary(uniqueKeysWithValues: try await OfferRecord.query(on: db).filter(\.$id ~~ Set(lines.map(\.offerID))).all().map { ($0.id ?? 0, $0) })
        let needs = Dictionary(uniqueKeysWithValues: try await NeedRecord.query(on: db).filter(\.$id ~~ Set(lines.map(\.needID) + unmet.map(\.need))).all().map { ($0.id ?? 0, $0) })
        let named = offers.values.map(\.cityID) + needs.values.map(\.cityID) + lines.compactMap(\.nearerCityID) + unmet.flatMap { $0.blockedSuppliers ?? [] }
        let cities = try await CityDirectory(database: db).cityRefs(ids: named)
        // What each donor sends in this plan, for a blocked supplier's "instead".
        var sends: [Int: [String]] = [:]
        for l in lines { if let offer = offers[l.offerID], !(sends[offer.cityID]?.contains(offer.item) ?? false) { sends[offer.cityID, default: []].append(offer.item) } }
        return PlanDTO(
            id: id, scope: plan.scope, scopeId: plan.scopeID, mode: plan.mode, delivered: plan.delivered, totalCost: plan.totalCost, createdAt: plan.createdAt,
            asOf: plan.asOf,
            lines: try lines.compactMap { l in
                guard let offer = offers[l.offerID], let need = needs[l.needID], let donor = cities[offer.cityID], let recipient = cities[need.cityID] else { return nil }
                return .init(id: l.id ?? 0, offerId: l.offerID, needId: l.needID, donor: donor, recipient: recipient, item: offer.item, quantity: l.quantity,
                             unitCost: l.unitCost, reason: .init(try JSONDecoder().decode(AllocationPlan.PairReason.self, from: Data(l.reason.utf8))),
                             nearerSupplier: l.nearerCityID.flatMap { cities[$0] },
                             donorAnswer: l.donorAnswer, recipientAnswer: l.recipientAnswer, pledgeId: l.pledgeID)
            },
            unmet: unmet.compactMap { u in
                guard let need = needs[u.need], let city = cities[need.cityID] else { return nil }
                let blocked = u.blockedSuppliers?.compactMap { id in cities[id].map { PlanDTO.BlockedSupplier(city: $0, instead: sends[id] ?? []) } }
                return .init(needId: u.need, city: city, item: need.item, shortfall: u.shortfall, reason: .init(u.reason), blockedSuppliers: blocked)
            })
    }

    /// Stores a plan and its lines as a proposal, with its audit entry, inside the caller's transaction.
    /// A plan made as of a past day is a record: nobody is asked to answer its lines.
    static func save(_ plan: AllocationPlan, scope: AidPlanner.Scope, asOf: Date? = nil, madeBy: Int, trail: AuditTrail) async throws -> Int {
        let record = PlanRecord()
        (record.scope, record.scopeID) = scope.stored
        (record.mode, record.madeBy, record.delivered, record.totalCost) = (plan.mode.rawValue, madeBy, plan.delivered, plan.totalCost)
        (record.unmet, record.createdAt, record.asOf) = (try json(plan.unmet), trail.now, asOf)
        try await record.create(on: trail.db)
        let planID = try record.requireID()
        // A plan has a handful of distinct reasons: each is written as JSON once.
        var reasons: [AllocationPlan.PairReason: String] = [:]
        for line in plan.lines where reasons[line.reason] == nil { reasons[line.reason] = try json(line.reason) }
        if trail.db.sql.dialect.name == "postgresql" {
            // PostgreSQL takes the lines as one array per column in one statement: binding 14,000
            // values a batch, it spent more time reading parameters than inserting rows.
            let lines = plan.lines
            try await trail.db.sql.raw("""
                INSERT INTO \(ident: PlanLineRecord.schema) (plan_id, offer_id, need_id, quantity, unit_cost, reason, nearer_city_id)
                SELECT \(bind: planID), * FROM unnest(\(bind: lines.map(\.offer)), \(bind: lines.map(\.need)), \(bind: lines.map { Int($0.quantity) }),
                    \(bind: lines.map { Int($0.unitCost) }), \(bind: lines.map { reasons[$0.reason]! }), \(bind: lines.map(\.nearerSupplier)))
                """).run()
        } else {
            try await insertLines(plan.lines, planID: planID, reasons: reasons, on: trail.db.sql)
        }
        try await trail.record("create", "plan", id: String(planID), after: ["lines": plan.lines.count, "delivered": Int(plan.delivered)])
        if asOf == nil { try await notifyLines(of: plan, planID: planID, trail: trail) }
        return planID
    }

    /// Inserts lines in batches, each one statement: a plan for thousands of cities has tens of
    /// thousands of lines, and each statement is a round trip (2,000 lines bind 14,000 values,
    /// within SQLite's limit).
    private static func insertLines(_ lines: [AllocationPlan.Line], planID: Int, reasons: [AllocationPlan.PairReason: String], on sql: any SQLDatabase) async throws {
        let batch = 2_000
        for chunk in stride(from: 0, to: lines.count, by: batch) {
            let insert = sql.insert(into: PlanLineRecord.schema)
                .columns("plan_id", "offer_id", "need_id", "quantity", "unit_cost", "reason", "nearer_city_id")
            for line in lines[chunk..<min(chunk + batch, lines.count)] {
                insert.values(SQLBind(planID), SQLBind(line.offer), SQLBind(line.need), SQLBind(line.quantity), SQLBind(line.unitCost),
                              SQLBind(reasons[line.reason]), SQLBind(line.nearerSupplier))
            }
            try await insert.run()
        }
    }

    /// Tells each city with lines to answer how many; cities with as many lines share one notice.
    private static func notifyLines(of plan: AllocationPlan, planID: Int, trail: AuditTrail) async throws {
        var cityOf: [String: [Int: Int]] = ["offers": [:], "needs": [:]]
        for (table, ids) in [("offers", Set(plan.lines.map(\.offer))), ("needs", Set(plan.lines.map(\.need)))] {
            let ids = Array(ids)
            for start in stride(from: 0, to: ids.count, by: 5_000) {
                let chunk = Array(ids[start..<min(start + 5_000, ids.count)])
                for row in try await trail.db.sql.select().column("id").column("city_id").from(table).where("id", .in, chunk).all() {
                    cityOf[table]?[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "city_id", as: Int.self)
                }
            }
        }
        var lines: [Int: Int] = [:]
        for line in plan.lines {
            let cities = Set([cityOf["offers"]?[line.offer], cityOf["needs"]?[line.need]].compactMap { $0 })
            for city in cities { lines[city, default: 0] += 1 }
        }
        for (count, cities) in Dictionary(grouping: lines.keys, by: { lines[$0] ?? 0 }) {
            try await trail.notify(Notice(kind: .planLine, values: ["count": String(count), "plan": String(planID)], link: "/plans/\(planID)"),
                                   to: Audience(officersOf: Set(cities)))
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
