import AmityCore
import Vapor

/// `/api/v1/me`, `/api/v1/tokens` and `/api/v1/role-requests`: one's own account over the API.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", use: me)
        routes.post("me", "password", use: changePassword)
        let tokens = routes.grouped("tokens")
        tokens.get(use: listTokens)
        tokens.post(use: createToken)
        tokens.delete(":id", use: revokeToken)
        let requests = routes.grouped("role-requests")
        requests.get(use: listRequests)
        requests.post(use: createRequest)
        requests.post(":id", "verify", use: verify)
        requests.post(":id", "refuse", use: refuse)
        requests.post(":id", "revoke", use: revoke)
    }

    @Sendable func me(req: Request) async throws -> PersonDTO {
        try await req.authorize(.manageOwnAccount)
        return try await People.dto(req.signedIn!, includeEmail: true, on: req.db)
    }

    @Sendable func changePassword(req: Request) async throws -> HTTPStatus {
        try await req.authorize(.manageOwnAccount)
        let input = try req.decodeBody(ChangePasswordRequest.self)
        try await Registration(request: req).changePassword(of: req.signedIn!, current: input.currentPassword, new: input.newPassword)
        return .noContent
    }

    @Sendable func listTokens(req: Request) async throws -> [APITokenDTO] {
        try await APITokens(request: req).list(for: try await req.authorize(.manageOwnAccount))
    }

    @Sendable func createToken(req: Request) async throws -> Response {
        try await req.authorize(.manageOwnAccount)
        let created = try await APITokens(request: req).create(try req.decodeBody(CreateTokenRequest.self))
        let response = try await created.encodeResponse(status: .created, for: req)
        // The secret is shown once: no cache, and no idempotency record, may keep it.
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    @Sendable func revokeToken(req: Request) async throws -> APITokenDTO {
        try await APITokens(request: req).revoke(id: try req.intParameter("id", entity: "token"))
    }

    @Sendable func listRequests(req: Request) async throws -> CursorPage<RoleRequestDTO> {
        let status = try (try? req.query.get(String.self, at: "status")).map { try RoleRequestStatus(parsing: $0) }
        return try await RoleRequests(request: req).list(statuses: status.map { [$0] }, page: try req.pageRequest(shape: Paging.idShape))
    }

    @Sendable func createRequest(req: Request) async throws -> Response {
        try await req.authorize(.requestRole)
        let created = try await RoleRequests(request: req).create(try req.decodeBody(CreateRoleRequest.self))
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable func verify(req: Request) async throws -> RoleRequestDTO {
        try await req.authorize(.manageOwnAccount)
        let note = try? req.decodeBody(DecideRoleRequest.self).note
        return try await RoleRequests(request: req).decide(id: try req.intParameter("id", entity: "role request"), verify: true, note: note)
    }

    /// Takes a verified role back (`{"reason": …}`): the holder handing over, an administrator, or
    /// the secretariat of one of the city's networks.
    @Sendable func revoke(req: Request) async throws -> RoleRequestDTO {
        let id = try req.intParameter("id", entity: "role request"), requests = RoleRequests(request: req)
        try await req.authorize(try await requests.revocationAction(id: id))
        return try await requests.revoke(id: id, reason: try req.decodeBody(RevokeRoleRequest.self).reason)
    }

    @Sendable func refuse(req: Request) async throws -> RoleRequestDTO {
        let id = try req.intParameter("id", entity: "role request")
        try await req.authorize(try await RoleRequests(request: req).decisionAction(id: id))
        let note = try req.decodeBody(DecideRoleRequest.self).note
        return try await RoleRequests(request: req).decide(id: try req.intParameter("id", entity: "role request"), verify: false, note: note)
    }
}
