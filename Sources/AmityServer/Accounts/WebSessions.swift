import Fluent
import Vapor

/// Browser sign-in: a random token in an HttpOnly, SameSite cookie; the table keeps its hash.
/// A session ends after three days unused, and after fourteen days whatever happens.
enum WebSessions {
    static let lifetime: TimeInterval = 14 * 24 * 3600
    static let idle: TimeInterval = 3 * 24 * 3600

    /// Signs `person` in on `response`, with a new CSRF token so forms from before no longer post.
    static func start(for person: Person, request: Request, response: Response) async throws {
        let token = Secret.token(prefix: "")
        let session = WebSession()
        session.tokenHash = Secret.hash(token)
        session.personID = try person.requireID()
        session.createdAt = request.application.clock.now()
        session.expiresAt = session.createdAt.addingTimeInterval(idle)
        try await session.create(on: request.db)
        response.cookies[request.cookieName(AuthenticationMiddleware.sessionCookie)] = HTTPCookies.Value(
            string: token, expires: session.createdAt.addingTimeInterval(lifetime), maxAge: Int(lifetime), path: "/",
            isSecure: request.application.amity.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    /// Signs out the browser that sent `request`.
    static func end(request: Request, response: Response) async throws {
        if let cookie = request.cookies[request.cookieName(AuthenticationMiddleware.sessionCookie)]?.string {
            try await WebSession.query(on: request.db).filter(\.$tokenHash == Secret.hash(cookie)).delete()
        }
        response.cookies[request.cookieName(AuthenticationMiddleware.sessionCookie)] = .expired
    }
}
