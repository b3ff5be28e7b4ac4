import Vapor

/// The app's middlewares, each run inside the one before it, in one task for the whole request.
///
/// Vapor runs every `AsyncMiddleware` in a task of its own and hands it the next one's answer
/// through an `EventLoopFuture`: eleven middlewares and an async route made twelve tasks a
/// request, each a hop between the event loop and the concurrency pool and back. Here the chain
/// calls the next middleware, and at its end an async route, directly.
struct MiddlewareChain: Middleware {
    let middlewares: [any AsyncMiddleware]

    init(_ middlewares: [any AsyncMiddleware]) {
        self.middlewares = middlewares
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let promise = request.eventLoop.makePromise(of: Response.self)
        promise.completeWithTask { [middlewares] in
            try await Link(rest: middlewares[...], last: next).respond(to: request)
        }
        return promise.futureResult
    }
}

/// What follows one middleware: the others, then the route.
private struct Link: AsyncResponder {
    let rest: ArraySlice<any AsyncMiddleware>
    let last: any Responder

    func respond(to request: Request) async throws -> Response {
        guard let middleware = rest.first else {
            // An async route is awaited here; anything else (a route group's own middleware) answers by future.
            if let route = last as? any AsyncResponder { return try await route.respond(to: request) }
            return try await last.respond(to: request).get()
        }
        return try await middleware.respond(to: request, chainingTo: Link(rest: rest.dropFirst(), last: last))
    }
}
