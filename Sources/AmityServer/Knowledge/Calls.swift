import AmityCore
import Fluent
import Vapor

/// Calls for practices: a network asks its member cities, curates what comes and closes the call.
struct Calls {
    let request: Request
    var db: any Database { request.db }

    func open(_ input: CallInput) async throws -> CallDTO {
        var errors: [DomainError.FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("title", title, max: 200) { errors.append(error) }
        if let error = DomainError.FieldError.length("description", input.description, max: 10_000) {
            errors.append(error)
        }
        var areas: [PolicyArea] = []
        for (i, text) in input.areas.enumerated() {
            do { areas.append(try PolicyArea(parsing: text, field: "areas[\(i)]")) } catch let DomainError.invalid(fields) { errors += fields }
        }
        if input.areas.isEmpty { errors.append(.init(field: "areas", key: "error_area")) }
        if input.deadline <= request.application.clock.now() { errors.append(.init(field: "deadline", key: "error_future")) }
        if try await Network.find(input.networkId, on: db) == nil { errors.append(.init(field: "networkId", key: "error_no_network", ["id": input.networkId])) }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        let chosen = areas
        let id = try await request.write(.runCall(networkID: input.networkId)) { trail, _ in
            let call = CallRecord()
            (call.networkID, call.title, call.description) = (input.networkId, title, input.description)
            (call.areas, call.deadline, call.status, call.createdAt) = (chosen.map(\.rawValue).joined(separator: "\n"), input.deadline, .open, trail.now)
            try await call.create(on: trail.db)
            try await trail.record("open", "call", id: String(call.id ?? 0), after: AuditRow(call))
            try await trail.publish(LiveItem(kind: .call, title: title, summary: String(input.description.prefix(300)),
                                             link: "/calls/\(call.id ?? 0)", topics: [.network(input.networkId)] + chosen.map { .area($0) }))
            return try call.requireID()
        }
        return try await call(id: id)
    }

    func close(id: Int) async throws -> CallDTO {
        let call = try await find(id)
        try await request.write(.runCall(networkID: call.networkID)) { trail, _ in
            guard let row = try await CallRecord.find(id, on: trail.db), row.status == .open else { throw DomainError.conflict("This call is already closed.") }
            let before = AuditRow(row)
            (row.status, row.closedAt) = (.closed, trail.now)
            try await row.save(on: trail.db)
            try await trail.record("close", "call", id: String(id), before: before, after: AuditRow(row))
        }
        return try await self.call(id: id)
    }

    /// Puts a submitted practice on the call's shortlist, or takes it off.
    func select(callID: Int, practiceID: Int, selected: Bool) async throws -> CallDTO {
        let call = try await find(callID)
        try await request.write(.runCall(networkID: call.networkID)) { trail, _ in
            guard let row = try await PracticeRecord.find(practiceID, on: trail.db), row.callID == callID else {
                throw DomainError.notFound(entity: "submission", id: String(practiceID))
            }
            let before = AuditRow(row)
            row.callSelected = selected
            try await row.save(on: trail.db)
            try await trail.record(selected ? "select" : "unselect", "practice", id: String(practiceID), cityID: row.cityID, before: before, after: AuditRow(row))
        }
        return try await self.call(id: callID)
    }

    /// Calls, the most recently opened first; `status` keeps only open or only closed ones.
    func list(status: CallStatus?, page: Paging) async throws -> CursorPage<CallDTO> {
        let query = CallRecord.query(on: db)
        if let status { query.filter(\.$status == status) }
        return try await page.newestFirst(query) { rows in
            var all: [CallDTO] = []
            for row in rows { all.append(try await dto(row, withSubmissions: false)) }
            return all
        }
    }

    func call(id: Int) async throws -> CallDTO { try await dto(try await find(id), withSubmissions: true) }

    func find(_ id: Int) async throws -> CallRecord {
        guard let row = try await CallRecord.find(id, on: db) else { throw DomainError.notFound(entity: "call", id: String(id)) }
        return row
    }

    /// The call; its submissions are public once published, and all of them show to its secretariat.
    private func dto(_ call: CallRecord, withSubmissions: Bool) async throws -> CallDTO {
        let network = try await Network.find(call.networkID, on: db)
        var submissions: [CallSubmissionDTO] = []
        if withSubmissions {
            var query = PracticeRecord.query(on: db).filter(\.$callID == call.id ?? 0).sort(\.$callSelected, .descending).sort(\.$id)
            if try await !request.can(.runCall(networkID: call.networkID)) {
                query = query.filter(\.$status == PracticeStatus.published)
            }
            let rows = try await query.all()
            let cities = try await CityDirectory(database: db).cityRefs(ids: rows.map(\.cityID))
            submissions = rows.compactMap { p in
                cities[p.cityID].map { CallSubmissionDTO(practiceId: p.id ?? 0, title: p.title, city: $0, status: p.status, selected: p.callSelected) }
            }
        }
        return CallDTO(id: call.id ?? 0, network: NetworkRefDTO(id: call.networkID, name: network?.shortName ?? call.networkID), title: call.title,
                       description: call.description, areas: call.areaList, deadline: call.deadline, status: call.status,
                       createdAt: call.createdAt, closedAt: call.closedAt, submissions: submissions)
    }
}
