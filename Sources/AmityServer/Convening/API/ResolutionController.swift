import AmityCore
import Vapor

/// `/api/v1/resolutions`: council resolutions and their endorsements.
struct ResolutionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let resolutions = routes.grouped("resolutions")
        resolutions.get { req in try await Resolutions(request: req).list(page: try req.pageRequest(shape: Paging.idShape)) }
        resolutions.post { req in
            try await req.authorizeTarget { $0.forCity }
            let resolution = try await Resolutions(request: req).record(try req.decodeBody(ResolutionInput.self))
            return try await resolution.created(at: "/api/v1/resolutions/\(resolution.id)", for: req)
        }
        resolutions.get(":id") { req in try await Resolutions(request: req).resolution(id: try req.intParameter("id", entity: "resolution")) }
        resolutions.post(":id", "endorsements") { req in
            try await req.authorizeTarget { $0.forCity }
            return try await Resolutions(request: req).endorse(id: try req.intParameter("id", entity: "resolution"), cityID: try req.decodeBody(EndorseInput.self).cityId)
                .encodeResponse(status: .created, for: req)
        }
    }
}
