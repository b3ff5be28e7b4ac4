import AmityCore
import Vapor

/// The directory's writes over the API: city profiles, partnership claims, networks and members.
struct DirectoryWriteController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("cities", ":id", "profile", use: profile)
        routes.put("cities", ":id", "profile", use: updateProfile)
        routes.get("cities", ":id", "history", use: history)
        routes.post("partnerships", use: recordPartnership)
        routes.post("partnerships", ":id", "confirm", use: confirmPartnership)
        routes.post("partnerships", ":id", "events", use: addEvent)
        routes.post("partnerships", ":id", "events", ":position", "confirm", use: confirmEvent)
        routes.post("networks", use: createNetwork)
        routes.put("networks", ":id", use: updateNetwork)
        routes.post("networks", ":id", "members", use: addMember)
        routes.delete("networks", ":id", "members", ":cityId", use: removeMember)
        routes.post("networks", ":id", "members", ":cityId", "confirm", use: confirmMember)
        routes.get("audit", use: audit)
    }

    @Sendable func profile(req: Request) async throws -> CityProfileDTO {
        let id = try req.cityID()
        guard let profile = try await CityProfiles(request: req).profile(cityID: id) else {
            throw DomainError.notFound(entity: "city profile", id: String(id))
        }
        return profile
    }

    // Where the path names what is acted on, the role is checked before the body is read: the wrong
    // person learns nothing from a body's errors.

    @Sendable func updateProfile(req: Request) async throws -> CityProfileDTO {
        let id = try req.cityID()
        try await req.authorize(.editCityProfile(cityID: id))
        return try await CityProfiles(request: req).update(cityID: id, try req.decodeBody(CityProfileInput.self))
    }

    @Sendable func history(req: Request) async throws -> CursorPage<AuditEntryDTO> {
        try await AuditLog(database: req.db).entries(cityID: try req.cityID(), page: try req.pageRequest(shape: AuditLog.cursorShape))
    }

    @Sendable func recordPartnership(req: Request) async throws -> Response {
        try await req.authorizeTarget { t in t.cities.map { .claimPartnership(cityIDs: $0) } ?? .holdRole(officer: true, secretariat: false) }
        let created = try await PartnershipClaims(request: req).record(try req.decodeBody(RecordPartnershipInput.self))
        return try await created.created(at: "/api/v1/partnerships/\(created.id)", for: req)
    }

    @Sendable func confirmPartnership(req: Request) async throws -> PartnershipDTO {
        try await PartnershipClaims(request: req).confirm(id: try req.intParameter("id", entity: "partnership"))
    }

    @Sendable func addEvent(req: Request) async throws -> Response {
        let id = try req.intParameter("id", entity: "partnership")
        if let partnership = try await Partnership.find(id, on: req.db) {
            try await req.authorize(.claimPartnership(cityIDs: [partnership.cityAID, partnership.cityBID]))
        }
        let updated = try await PartnershipClaims(request: req).addEvent(partnershipID: id, try req.decodeBody(PartnershipEventInput.self))
        return try await updated.encodeResponse(status: .created, for: req)
    }

    @Sendable func confirmEvent(req: Request) async throws -> PartnershipDTO {
        try await PartnershipClaims(request: req).confirmEvent(
            partnershipID: try req.intParameter("id", entity: "partnership"), position: try req.intParameter("position", entity: "partnership event"))
    }

    @Sendable func createNetwork(req: Request) async throws -> Response {
        try await req.authorize(.createNetwork)
        let created = try await NetworkAdministration(request: req).create(try req.decodeBody(NetworkInput.self))
        return try await created.created(at: "/api/v1/networks/\(created.id)", for: req)
    }

    @Sendable func updateNetwork(req: Request) async throws -> NetworkDTO {
        let id = req.parameters.get("id") ?? ""
        try await req.authorize(.editNetwork(networkID: id))
        return try await NetworkAdministration(request: req).update(id: id, try req.decodeBody(NetworkInput.self))
    }

    @Sendable func addMember(req: Request) async throws -> Response {
        let id = req.parameters.get("id") ?? ""
        try await req.authorize(.manageMemberships(networkID: id))
        let created = try await NetworkAdministration(request: req).addMember(networkID: id, try req.decodeBody(MembershipInput.self))
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable func removeMember(req: Request) async throws -> HTTPStatus {
        try await NetworkAdministration(request: req).removeMember(
            networkID: req.parameters.get("id") ?? "", cityID: try req.intParameter("cityId", entity: "city"))
        return .noContent
    }

    @Sendable func confirmMember(req: Request) async throws -> HTTPStatus {
        try await NetworkAdministration(request: req).confirmMember(
            networkID: req.parameters.get("id") ?? "", cityID: try req.intParameter("cityId", entity: "city"))
        return .noContent
    }

    @Sendable func audit(req: Request) async throws -> CursorPage<AuditEntryDTO> {
        try await req.authorize(.readAuditLog)
        return try await AuditLog(database: req.db).entries(try req.auditFilter(), page: try req.pageRequest(shape: AuditLog.cursorShape))
    }
}
