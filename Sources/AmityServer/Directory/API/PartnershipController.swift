import AmityCore
import Vapor

/// `/api/v1/partnerships`: sister cities, friendship cities and cooperation agreements with their history.
struct PartnershipController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let partnerships = routes.grouped("partnerships")
        partnerships.get(use: list)
        partnerships.get(":id", use: show)
    }

    struct ListQuery: Content {
        var city: Int?
        var status: String?
        var kind: String?
    }

    @Sendable func list(req: Request) async throws -> CursorPage<PartnershipDTO> {
        guard let query = try? req.query.decode(ListQuery.self) else {
            throw DomainError.invalid("city", "city must be a city id (a whole number).")
        }
        return try await req.directory.partnerships(
            cityID: query.city, status: try query.status.map { try PartnershipStatus(parsing: $0) },
            kind: try query.kind.map { try PartnershipKind(parsing: $0) },
            page: try req.pageRequest(shape: CityDirectory.partnershipCursorShape))
    }

    @Sendable func show(req: Request) async throws -> PartnershipDTO {
        let raw = req.parameters.get("id") ?? ""
        guard let id = Int(raw) else { throw DomainError.notFound(entity: "partnership", id: raw) }
        return try await req.directory.partnership(id: id)
    }
}
