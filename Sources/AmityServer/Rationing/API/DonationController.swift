import AmityCore
import Vapor

/// Donation pools: opened by the programme's managers, given to at a counter, offered on the
/// mutual-aid board by the programme's city.
struct DonationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let programme = routes.grouped("rationing", "programmes", ":programme")
        programme.get("pools", use: pools)
        programme.post("pools", use: createPool)
        programme.post("pools", ":pool", "offer", use: offer)
        programme.post("donations", use: donate)
    }


    @Sendable func pools(req: Request) async throws -> [PoolDTO] {
        try await DonationPools(request: req).list(try await req.programme())
    }

    @Sendable func createPool(req: Request) async throws -> Response {
        let programme = try await req.programme()
        try await Programmes(request: req).authorizeRunning(programme)
        let dto = try await DonationPools(request: req).create(programme, try req.decodeBody(CreatePoolRequest.self))
        return try await dto.created(at: "/api/v1/rationing/programmes/\(dto.programmeId)/pools", for: req)
    }

    @Sendable func donate(req: Request) async throws -> Response {
        let programme = try await req.programme()
        let seller = try await Sales(request: req).seller(programme)
        let (dto, created) = try await DonationPools(request: req).donate(programme, try req.decodeBody(DonationRequest.self), seller: seller)
        let response = try await dto.encodeResponse(for: req)
        response.status = created ? .created : .ok
        return response
    }

    @Sendable func offer(req: Request) async throws -> Response {
        let programme = try await req.programme()
        let offers = try await DonationPools(request: req).offer(programme, poolID: try req.intParameter("pool", entity: "donation pool"))
        let response = try await offers.encodeResponse(for: req)
        response.status = .created
        return response
    }
}
