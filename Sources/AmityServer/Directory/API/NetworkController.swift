import AmityCore
import Vapor

/// `/api/v1/networks`: networks of cities and their members.
struct NetworkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let networks = routes.grouped("networks")
        networks.get(use: list)
        networks.get(":id", use: show)
        networks.get(":id", "members", use: members)
    }

    struct ListQuery: Content {
        var kind: String?
    }

    @Sendable func list(req: Request) async throws -> CursorPage<NetworkDTO> {
        let kind = try req.query.decode(ListQuery.self).kind.map { try NetworkKind(parsing: $0) }
        return try await req.directory.networks(kind: kind, page: try req.pageRequest(shape: CityDirectory.networkCursorShape))
    }

    @Sendable func show(req: Request) async throws -> NetworkDTO {
        try await req.directory.network(id: req.parameters.get("id") ?? "")
    }

    @Sendable func members(req: Request) async throws -> CursorPage<MembershipDTO> {
        try await req.directory.memberships(
            networkID: req.parameters.get("id") ?? "", page: try req.pageRequest(shape: CityDirectory.membershipCursorShape))
    }
}
