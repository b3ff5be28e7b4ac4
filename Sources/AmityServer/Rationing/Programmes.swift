import AmityCore
import Fluent
import Vapor

/// Rationing programmes: started by their owner, read by anyone.
struct Programmes {
    let request: Request

    func create(_ input: CreateProgrammeRequest) async throws -> ProgrammeDTO {
        let owners = [input.cityId.map { _ in "city" }, input.networkId.map { _ in "network" }, input.countryCode.map { _ in "country" }].compactMap { $0 }
        guard owners.count == 1 else { throw DomainError.invalid("cityId", key: "error_programme_owner") }
        var errors: [DomainError.FieldError] = []
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines), note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("name", name, max: 200) { errors.append(error) }
        if let error = DomainError.FieldError.length("note", note, max: 2_000, required: false) { errors.append(error) }
        let terminals = input.terminalsPerOutlet ?? 2
        if !(1...50).contains(terminals) { errors.append(.init(field: "terminalsPerOutlet", key: "error_number_range", ["min": "1", "max": "50"])) }
        let allowance = input.offlineAllowance ?? 0
        if !(0...1_000).contains(allowance) { errors.append(.init(field: "offlineAllowance", key: "error_number_range", ["min": "0", "max": "1,000"])) }
        let feedClasses = input.feedClasses?.map { $0.trimmingWhitespace() }
        if let feedClasses, !Self.areFeedClasses(feedClasses) { errors.append(.init(field: "feedClasses", key: "error_feed_classes")) }
        let owner: ProgrammeOwner
        if let city = input.cityId {
            _ = try await request.gazetteer.city(id: city)
            owner = .city(city)
        } else if let network = input.networkId {
            guard try await Network.find(network, on: request.db) != nil else { throw DomainError.invalid("networkId", key: "error_no_network", ["id": network]) }
            owner = .network(network)
        } else {
            let code = try CountryCode(input.countryCode ?? "", field: "countryCode")
            owner = .country(code.rawValue)
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        return try await request.write(.startProgramme(owner: owner)) { trail, _ in
            let row = ProgrammeRecord()
            (row.name, row.note, row.terminalsPerOutlet, row.revision, row.createdAt) = (name, note, terminals, 0, trail.now)
            (row.feedClasses, row.outletsRevision, row.offlineAllowance) = (feedClasses?.joined(separator: ","), 0, allowance)
            row.own(by: owner)
            try await row.create(on: trail.db)
            let dto = try await dto(row, on: trail.db)
            try await trail.record("create", "programme", id: String(dto.id), cityID: row.cityID, after: dto)
            return dto
        }
    }

    /// One to four distinct class names (`adult`, `child-kf94`), as policies name classes.
    static func areFeedClasses(_ names: [String]) -> Bool {
        (1...4).contains(names.count) && Set(names).count == names.count && names.allSatisfy { name in
            (1...40).contains(name.count) && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        }
    }

    func list() async throws -> [ProgrammeDTO] {
        var dtos: [ProgrammeDTO] = []
        for row in try await ProgrammeRecord.query(on: request.db).sort(\.$id).all() { dtos.append(try await dto(row, on: request.db)) }
        return dtos
    }

    /// The programme, or 404; the row is shared, read only (`ProgrammeCache`).
    func find(_ id: Int) async throws -> ProgrammeRecord {
        guard let row = try await request.application.programmeCache.programme(id, on: request.db) else {
            throw DomainError.notFound(entity: "programme", id: String(id))
        }
        return row
    }

    /// Authorizes running the programme: its managers, its city's officers, its network's secretariat.
    @discardableResult
    func authorizeRunning(_ programme: ProgrammeRecord) async throws -> Actor {
        try await request.authorize(.runProgramme(programmeID: try programme.requireID(), owner: programme.owner))
    }

    func dto(_ row: ProgrammeRecord, on db: any Database) async throws -> ProgrammeDTO {
        let schedule = try await request.application.programmeCache.schedule(of: row, on: db)
        return ProgrammeDTO(
            id: try row.requireID(), name: row.name, ownerKind: row.ownerKind, cityId: row.cityID, networkId: row.networkID,
            countryCode: row.countryCode, note: row.note, terminalsPerOutlet: row.terminalsPerOutlet, offlineAllowance: row.offlineAllowance,
            feedClasses: row.feedClasses.map { $0.split(separator: ",").map(String.init) },
            versionInForce: schedule.inForce(at: request.application.clock.now())?.policy.version, versions: schedule.versions.count)
    }
}

extension Request {
    /// The programme the route's `:programme` names, or 404.
    func programme() async throws -> ProgrammeRecord {
        try await Programmes(request: self).find(try intParameter("programme", entity: "programme"))
    }
}
