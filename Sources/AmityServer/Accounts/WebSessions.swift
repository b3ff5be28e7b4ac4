import Fluent
import Vapor

/// Browser sign-in: a random token in an HttpOnly, SameSite cookie; the table keeps its hash.
enum WebSessions {
    static let lifetime: TimeInterval = 14 * 24 * 3600

    /// Signs `person` in on `response`, with a new CSRF token so forms from before no longer post.
    static func start(for person: Person, request: Request, response: Response) async throws {
        let token = Secret.token(prefix: "")
        let session = WebSession()
        session.tokenHash = Secret.hash(token)
        session.personID = try person.requireID()
        session.createdAt = request.application.clock.now()
        session.expiresAt = session.createdAt.addingTimeInterval(lifetime)
        try await session.create(on: request.db)
        response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(
            string: token, expires: session.expiresAt, maxAge: Int(lifetime), path: "/",
            isSecure: request.application.amity.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    /// Signs out the browser that sent `request`.
    static func end(request: Request, response: Response) async throws {
        if let cookie = request.cookies[AuthenticationMiddleware.sessionCookie]?.string {
            try await WebSession.query(on: request.db).filter(\.$tokenHash == Secret.hash(cookie)).delete()
        }
        response.cookies[AuthenticationMiddleware.sessionCookie] = .expired
    }
}
