import AmityCore
import Vapor

/// Cross-site request forgery protection for forms, with SameSite cookies as a second line. Signed
/// in, every form carries a token derived from the session's secret, so no cookie another site
/// (or a sibling subdomain) can set stands in for it; signed out (signing in or up), a random
/// token in a cookie that the form repeats (double submit). The API needs none: it authenticates
/// by bearer token only, never by cookie.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "amity_csrf"
    static let fieldName = "csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.isWrite, !request.isAPI, !request.isSignedLinkWrite {
            // A large form may still be streaming in; the token is in its body.
            _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
            let expected = request.sessionSecret.map(Self.token(forSession:)) ?? request.cookies[request.cookieName(Self.cookieName)]?.string
            let field = try? request.content.get(String.self, at: Self.fieldName)
            guard let expected, let field, !expected.isEmpty,
                  Secret.hash(expected) == Secret.hash(field) else {
                throw Abort(.forbidden, reason: "This form has expired or did not come from Amity. Reload the page and try again.")
            }
        }
        let response = try await next.respond(to: request)
        if let issued = request.issuedCSRFToken {
            response.cookies[request.cookieName(Self.cookieName)] = HTTPCookies.Value(
                string: issued, path: "/", isSecure: request.application.amity.secureCookies, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    /// The token a session's forms carry: unguessable without the session's secret, which only
    /// the browser holds (the database keeps its hash, and this is a different one).
    static func token(forSession secret: String) -> String {
        Secret.hash("csrf:" + secret)
    }
}

extension Request {
    private struct IssuedKey: StorageKey { typealias Value = String }

    /// A token minted for this response when the browser had none (or after sign-in and sign-out).
    fileprivate(set) var issuedCSRFToken: String? {
        get { storage[IssuedKey.self] }
        set { storage[IssuedKey.self] = newValue }
    }

    /// The token forms on this page must carry.
    var csrfToken: String {
        if let secret = sessionSecret { return CSRFMiddleware.token(forSession: secret) }
        if let issued = issuedCSRFToken { return issued }
        if let existing = cookies[cookieName(CSRFMiddleware.cookieName)]?.string, !existing.isEmpty { return existing }
        let token = Secret.token(prefix: "")
        issuedCSRFToken = token
        return token
    }

    /// Issues a fresh token, so forms rendered before a sign-in or sign-out no longer post.
    func rotateCSRFToken() {
        issuedCSRFToken = Secret.token(prefix: "")
    }
}

extension Request {
    /// A cookie's name on this site: with the `__Host-` prefix over HTTPS, so no sibling subdomain
    /// can set or shadow it (browsers accept such a cookie only secure, host-only, for path /).
    func cookieName(_ base: String) -> String {
        application.amity.secureCookies ? "__Host-" + base : base
    }
}
