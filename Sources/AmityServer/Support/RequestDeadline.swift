import Vapor

/// Every request is answered within the instance's deadline (`AMITY_REQUEST_DEADLINE`, 30 s by
/// default, longer by what `Prefer: wait` asks): past it, a 503 that says the request was given up,
/// rather than a browser or script waiting for ever on a query the database will never answer.
/// Streams (the live feed, exports) count only until their first byte.
struct RequestDeadlineMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let limit = request.application.amity.requestDeadline + .seconds(request.preferredWait ?? 0)
        return try await withDeadline(limit, on: request.eventLoop) { try await next.respond(to: request) }
    }
}
