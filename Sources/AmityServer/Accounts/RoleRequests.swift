import AmityCore
import Fluent
import Vapor

/// Asking to act for a city or a network, and deciding on it.
struct RoleRequests {
    let request: Request

    func create(_ input: CreateRoleRequest) async throws -> RoleRequestDTO {
        let role = try RoleKind(parsing: input.role)
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [DomainError.FieldError] = []
        if let error = DomainError.FieldError.length("title", title, max: 120) { errors.append(error) }
        if let error = DomainError.FieldError.length("message", input.message ?? "", max: 2_000, required: false) { errors.append(error) }
        switch role {
        case .officer:
            if let cityID = input.cityId {
                if try await City.find(cityID, on: request.db) == nil { errors.append(.init(field: "cityId", key: "error_no_city", ["id": String(cityID)])) }
            } else { errors.append(.init(field: "cityId", key: "error_which_city")) }
        case .secretariat:
            if let networkID = input.networkId {
                if try await Network.find(networkID, on: request.db) == nil { errors.append(.init(field: "networkId", key: "error_no_network", ["id": networkID])) }
            } else { errors.append(.init(field: "networkId", key: "error_which_network")) }
        case .manager:
            if let programmeID = input.programmeId {
                if try await programmeOwner(programmeID) == nil { errors.append(.init(field: "programmeId", key: "error_no_programme", ["id": String(programmeID)])) }
            } else { errors.append(.init(field: "programmeId", key: "error_which_programme")) }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        return try await request.write(.requestRole) { trail, actor in
            var open = RoleRequest.query(on: trail.db).filter(\.$personID == actor.personID).filter(\.$role == role.rawValue)
                .filter(\.$status ~~ [RoleRequestStatus.pending, RoleRequestStatus.verified])
            switch role {
            case .officer: open = open.filter(\.$cityID == input.cityId)
            case .secretariat: open = open.filter(\.$networkID == input.networkId)
            case .manager: open = open.filter(\.$programmeID == input.programmeId)
            }
            if try await open.first() != nil {
                throw DomainError.conflict("You already hold or have asked for this role.")
            }
            let row = RoleRequest()
            row.personID = actor.personID
            row.role = role.rawValue
            row.cityID = role == .officer ? input.cityId : nil
            row.networkID = role == .secretariat ? input.networkId : nil
            row.programmeID = role == .manager ? input.programmeId : nil
            row.title = title
            row.message = input.message ?? ""
            row.status = RoleRequestStatus.pending
            row.requestedAt = trail.now
            try await row.create(on: trail.db)
            let dto = try await Self.dto(row, on: trail.db)
            try await trail.record("create", "role-request", id: String(dto.id), cityID: row.cityID, after: dto)
            return dto
        }.withEmail(on: request.db)
    }

    /// The requests this person may see: an administrator all, a secretariat those of its member cities, everyone their own.
    /// The requests this reader may see (their own, and those they may decide), newest first.
    func list(statuses: [RoleRequestStatus]?, page: Paging) async throws -> CursorPage<RoleRequestDTO> {
        guard let actor = try await request.actor() else { try await request.authorize(.manageOwnAccount); return CursorPage(items: []) }
        var query = RoleRequest.query(on: request.db)
        if let statuses { query = query.filter(\.$status ~~ statuses) }
        if !actor.isAdministrator {
            let memberCities = actor.secretariatOf.isEmpty ? [] : try await Membership.standing(on: request.db)
                .filter(\.$networkID ~~ actor.secretariatOf).all(\.$cityID)
            query = query.group(.or) { or in
                or.filter(\.$personID == actor.personID)
                if !memberCities.isEmpty {
                    or.group(.and) { $0.filter(\.$role == RoleKind.officer.rawValue).filter(\.$cityID ~~ memberCities) }
                }
            }
        }
        return try await page.newestFirst(query) { rows in
            var dtos: [RoleRequestDTO] = []
            // Everyone listed here is the viewer or someone the viewer may decide on: the address helps decide.
            for row in rows { dtos.append(try await Self.dto(row, on: request.db).withEmail(on: request.db)) }
            return dtos
        }
    }

    /// Who may decide this request: for a city, an administrator or a secretariat of one of its
    /// networks (never the requester); for a network, an administrator.
    func decisionAction(id: Int) async throws -> Action {
        guard let row = try await RoleRequest.find(id, on: request.db) else { throw DomainError.notFound(entity: "role request", id: String(id)) }
        if row.role == RoleKind.officer.rawValue, let cityID = row.cityID {
            let networks = try await Membership.standing(on: request.db).filter(\.$cityID == cityID).all(\.$networkID)
            return .decideOfficerRequest(cityID: cityID, networksOfCity: Set(networks), requester: row.personID)
        }
        if row.role == RoleKind.manager.rawValue, let programmeID = row.programmeID {
            guard let owner = try await programmeOwner(programmeID) else { throw DomainError.notFound(entity: "programme", id: String(programmeID)) }
            return .decideManagerRequest(owner: owner, requester: row.personID)
        }
        return .decideSecretariatRequest(networkID: row.networkID ?? "", requester: row.personID)
    }

    func decide(id: Int, verify: Bool, note: String?) async throws -> RoleRequestDTO {
        let action = try await decisionAction(id: id)
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !verify, note?.isEmpty ?? true {
            throw DomainError.invalid("note", key: "error_reason_refusal")
        }
        return try await request.write(action) { trail, actor in
            // Locked, so a verification and a refusal at the same moment take turns.
            let row = try await trail.locked(RoleRequest.self, id, entity: "role request")
            guard row.status == RoleRequestStatus.pending else {
                throw DomainError.conflict("This request was already \(row.status).")
            }
            let before = try await Self.dto(row, on: trail.db)
            row.status = verify ? .verified : .refused
            row.decidedBy = actor.personID
            row.decidedAt = trail.now
            row.decisionNote = note
            try await row.save(on: trail.db)
            let after = try await Self.dto(row, on: trail.db)
            try await trail.record(verify ? "verify" : "refuse", "role-request", id: String(id), cityID: row.cityID, before: before, after: after)
            return after
        }.withEmail(on: request.db)
    }

    /// Who may take this verified role back: the holder, an administrator, or (for an officer) the
    /// secretariat of one of the city's networks.
    func revocationAction(id: Int) async throws -> Action {
        guard let row = try await RoleRequest.find(id, on: request.db) else { throw DomainError.notFound(entity: "role request", id: String(id)) }
        var networks: [String] = []
        if let cityID = row.cityID { networks = try await Membership.standing(on: request.db).filter(\.$cityID == cityID).all(\.$networkID) }
        return .revokeRole(cityID: row.cityID, networksOfCity: Set(networks), holder: row.personID)
    }

    /// Takes a verified role back, with a reason the holder reads on their account. The holder's API
    /// tokens end with it: they carried the role's rights, and a token in the wrong hands is often
    /// why a role is taken back. Sessions stay, so the holder can still read why.
    func revoke(id: Int, reason: String?) async throws -> RoleRequestDTO {
        let action = try await revocationAction(id: id)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !reason.isEmpty, reason.count <= 2_000 else {
            throw DomainError.invalid("reason", key: "error_reason_revoke")
        }
        return try await request.write(action) { trail, actor in
            let row = try await trail.locked(RoleRequest.self, id, entity: "role request")
            guard row.status == RoleRequestStatus.verified else {
                throw DomainError.conflict("Only a verified role can be taken back; this request is \(row.status).")
            }
            let before = try await Self.dto(row, on: trail.db)
            (row.status, row.revokedBy, row.revokedAt, row.revocationReason) = (RoleRequestStatus.revoked, actor.personID, trail.now, reason)
            try await row.save(on: trail.db)
            try await APIToken.query(on: trail.db).filter(\.$personID == row.personID).filter(\.$revokedAt == nil)
                .set(\.$revokedAt, to: trail.now).update()
            let after = try await Self.dto(row, on: trail.db)
            try await trail.record("revoke", "role-request", id: String(id), cityID: row.cityID, before: before, after: after)
            return after
        }.withEmail(on: request.db)
    }

    /// Whose the programme is, by the lookup rationing provides; nil when there is no such programme.
    private func programmeOwner(_ id: Int) async throws -> ProgrammeOwner? {
        try await request.application.programmeOwners?(id, request.db)
    }

    static func dto(_ row: RoleRequest, on db: any Database) async throws -> RoleRequestDTO {
        let person = try await Person.find(row.personID, on: db)
        return RoleRequestDTO(
            id: row.id ?? 0, person: .init(id: row.personID, displayName: person?.displayName ?? "?"), role: row.role,
            cityId: row.cityID, networkId: row.networkID, programmeId: row.programmeID, title: row.title, message: row.message, status: row.status,
            requestedAt: row.requestedAt, decidedAt: row.decidedAt, decisionNote: row.decisionNote,
            revokedAt: row.revokedAt, revocationReason: row.revocationReason)
    }
}

extension RoleRequestDTO {
    /// The same request with its author's address, for the author and those who decide on it (never
    /// in the audit log, which outlives the account).
    func withEmail(on db: any Database) async throws -> RoleRequestDTO {
        var copy = self
        copy.person.email = try await Person.find(person.id, on: db)?.email
        return copy
    }
}
