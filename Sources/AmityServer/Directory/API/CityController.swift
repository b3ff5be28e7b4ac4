import AmityCore
import Vapor

/// `/api/v1/cities`: search by name and country, nearest to a point, one city, its networks and partners.
struct CityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let cities = routes.grouped("cities")
        cities.get(use: list)
        cities.get("nearest", use: nearest)
        cities.get(":id", use: show)
        cities.get(":id", "networks", use: networks)
        cities.get(":id", "partners", use: partners)
    }

    struct ListQuery: Content {
        var q: String?
        var country: String?
    }

    /// A `CursorPage<CityDTO>`; from memory, its cities' JSON as encoded when the gazetteer loaded.
    @Sendable func list(req: Request) async throws -> Response {
        let query = try req.query.decode(ListQuery.self)
        let country = try query.country.map { try CountryCode($0) }
        let q = query.q?.trimmingWhitespace()
        let name = q?.isEmpty == true ? nil : q, page = try req.pageRequest(shape: Gazetteer.cursorShape)
        let directory = req.directory
        guard let snapshot = directory.snapshot else {
            return try await directory.cities(name: name, country: country, page: page).encodeResponse(for: req)
        }
        let (kept, next) = page.cut(try await directory.gazetteer.search(name: name, country: country, page: page), key: Gazetteer.cursorKey)
        return try await EncodedCursorPage(items: kept.compactMap { snapshot.json[$0.id] }, nextCursor: next).encodeResponse(for: req)
    }

    struct NearestQuery: Content {
        var lat: Double?
        var lon: Double?
        var limit: Int?
    }

    @Sendable func nearest(req: Request) async throws -> [CityDTO] {
        guard let query = try? req.query.decode(NearestQuery.self) else {
            throw DomainError.invalid("lat", "lat and lon must be decimal degrees, limit a whole number.")
        }
        guard let lat = query.lat, let lon = query.lon else {
            throw DomainError.invalid([.init(field: query.lat == nil ? "lat" : "lon", message: "Both lat and lon are required.")])
        }
        let limit = query.limit ?? 10
        guard (1...Paging.maximumLimit).contains(limit) else {
            throw DomainError.invalid("limit", "limit must be between 1 and \(Paging.maximumLimit).")
        }
        return try await req.directory.nearest(to: try Coordinate(latitude: lat, longitude: lon), limit: limit)
    }

    @Sendable func show(req: Request) async throws -> CityDetailDTO {
        try await req.directory.city(id: try req.cityID())
    }

    @Sendable func networks(req: Request) async throws -> CursorPage<MembershipDTO> {
        try await req.directory.memberships(
            cityID: try req.cityID(), page: try req.pageRequest(shape: CityDirectory.membershipCursorShape))
    }

    @Sendable func partners(req: Request) async throws -> CursorPage<PartnershipDTO> {
        try await req.directory.partnerships(
            cityID: try req.cityID(), status: nil, kind: nil, page: try req.pageRequest(shape: CityDirectory.partnershipCursorShape))
    }
}

extension Request {
    /// The `:id` of a city route; a non-number is a city that does not exist.
    func cityID() throws -> Int {
        let raw = parameters.get("id") ?? ""
        guard let id = Int(raw) else { throw DomainError.notFound(entity: "city", id: raw) }
        return id
    }
}
