import Vapor

/// Headers every response carries: a Content-Security-Policy the pages pass (no inline script or
/// style), no framing, no MIME sniffing, referrers kept to this site, and no caching of what a
/// signed-in reader sees.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "img-src 'self' data:", "style-src 'self'", "script-src 'self'",
        "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        // What a signed-in reader is shown is theirs alone: no shared cache keeps it, nor the browser's disk.
        if request.signedIn != nil, !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        }
        return response
    }
}

/// Refuses a body over the limit with 413 however it arrived (streamed bodies are also capped by Vapor).
struct BodyLimitMiddleware: AsyncMiddleware {
    /// Routes that take larger bodies than the default: an export of a long signature list.
    static let larger: [String: Int] = ["/api/v1/statements/verify": 4 * 1024 * 1024]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let declared = request.headers.first(name: .contentLength).flatMap(Int.init) ?? 0
        let size = max(declared, request.body.data?.readableBytes ?? 0)
        let usual = request.application.routes.defaultMaxBodySize.value
        // The route's path is looked up only for a body over the usual limit: most bodies are small.
        if size > usual {
            let limit = Self.larger[request.routePath] ?? usual
            if size > limit { throw Abort(.payloadTooLarge, reason: "The body is over \(limit / 1024) KB.") }
        }
        return try await next.respond(to: request)
    }
}
