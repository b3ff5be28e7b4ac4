import AmityCore
import Vapor

/// `/api/v1/countries`: ISO 3166-1 countries and the cities in each.
struct CountryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let countries = routes.grouped("countries")
        countries.get(use: list)
        countries.get(":code", use: show)
    }

    @Sendable func list(req: Request) async throws -> CursorPage<CountryDTO> {
        try await req.directory.countries(page: try req.pageRequest(shape: [.text]))
    }

    @Sendable func show(req: Request) async throws -> CountryDTO {
        let raw = req.parameters.get("code") ?? ""
        guard let code = try? CountryCode(raw) else { throw DomainError.notFound(entity: "country", id: raw) }
        return try await req.directory.country(code: code)
    }
}
