import AmityCore
import Fluent
import Vapor

/// Who a request comes from: the API by `Authorization: Bearer`, pages by the session cookie.
///
/// Each interface accepts only its own credential, so a cookie can never make an API write
/// (which would need CSRF protection) and a token never rides along with a form.
struct AuthenticationMiddleware: AsyncMiddleware {
    static let sessionCookie = "amity_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let now = request.application.clock.now()
        if request.isAPI {
            if let bearer = request.headers.bearerAuthorization?.token, bearer.hasPrefix(TerminalCredential.prefix) {
                guard TerminalCredential.isWellFormed(bearer), let resolve = request.application.terminalCredentials, let terminal = try await resolve(Secret.hash(bearer), request.application) else {
                    throw TerminalCredential.refused
                }
                request.terminal = terminal
            } else if let bearer = request.headers.bearerAuthorization?.token {
                guard let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == Secret.hash(bearer)).first(),
                      token.revokedAt == nil else {
                    throw Abort(.unauthorized, reason: "The API token is not valid; it may have been revoked.")
                }
                guard token.expiresAt > now else {
                    throw Abort(.unauthorized, reason: "The API token expired on \(token.expiresAt); create a new one on your account page.")
                }
                if let parentID = token.parentID {
                    guard let parent = try await APIToken.find(parentID, on: request.db), parent.revokedAt == nil, parent.expiresAt > now else {
                        throw Abort(.unauthorized, reason: "The token that made this API token was revoked or expired, and this one with it.")
                    }
                }
                request.apiToken = token
                request.signedIn = try await Person.find(token.personID, on: request.db)
                // A minute's precision is enough to see whether a token is in use, and spares a write per request.
                if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
                    token.lastUsedAt = now
                    try await token.save(on: request.db)
                }
            }
        } else if let cookie = request.cookies[request.cookieName(Self.sessionCookie)]?.string {
            if let session = try await WebSession.query(on: request.db).filter(\.$tokenHash == Secret.hash(cookie)).first(),
               session.expiresAt > now, now < session.createdAt.addingTimeInterval(WebSessions.lifetime) {
                request.signedIn = try await Person.find(session.personID, on: request.db)
                request.sessionSecret = cookie
                // In use: the idle deadline moves on, at most once an hour (a write per page would be wasteful).
                let renewed = min(now.addingTimeInterval(WebSessions.idle), session.createdAt.addingTimeInterval(WebSessions.lifetime))
                if renewed.timeIntervalSince(session.expiresAt) > 3600 {
                    session.expiresAt = renewed
                    try await session.save(on: request.db)
                }
            }
        }
        if request.signedIn == nil, request.terminal == nil, request.isWrite, !Self.isAnonymousWrite(request.routePath), !request.isSignedLinkWrite {
            // Authenticate, then authorize, then read the body: a stranger learns nothing from a body's errors.
            if request.isAPI { throw Abort(.unauthorized, reason: "Send an API token as 'Authorization: Bearer …'; create one on your account page.") }
            return request.signInRedirect()
        }
        return try await next.respond(to: request)
    }

    /// Whether anyone may send this write: the fixed list, and a resident's entitlement question
    /// (a programme's `…/entitlement`, over the API or on its page, rate limited per address).
    static func isAnonymousWrite(_ path: String) -> Bool {
        guard path.hasSuffix("/entitlement") else { return anonymousWrites.contains(path) }
        // The component two before the last: `…/programmes/{id}/entitlement` or `/rationing/{id}/entitlement`.
        let slash = UInt8(ascii: "/"), programme = path.utf8.dropLast("/entitlement".utf8.count)
        guard let beforeID = programme.lastIndex(of: slash) else { return false }
        let parent = programme[..<beforeID]
        let name = parent[(parent.lastIndex(of: slash).map(parent.index(after:)) ?? parent.startIndex)...]
        return name.elementsEqual("programmes".utf8) || name.elementsEqual("rationing".utf8)
    }

    /// The writes anyone may send without signing in.
    static let anonymousWrites: Set<String> = ["/sign-in", "/sign-up", "/sign-out", "/api/v1/statements/verify",
                                               "/confirm-address", "/forgot-password", "/reset-password"]
}

extension Request {
    private struct RoutePathKey: StorageKey { typealias Value = String }

    /// Whether this request is for the JSON API, read as the router reads paths (`//api/v1/…` too).
    var isAPI: Bool { routePath == "/api" || routePath.hasPrefix("/api/") }

    /// The path as the router matched it: the route's pattern (`…/programmes/:programme/entitlement`),
    /// or for a path no route matched, the path with empty components dropped and no trailing slash.
    /// The pattern costs nothing per request; the URI's path is parsed again at each read (Foundation's
    /// `replacingOccurrences`), so the unmatched path is made once a request.
    var routePath: String {
        if let route { return route.pattern }
        if let made = storage[RoutePathKey.self] { return made }
        let path = url.path
        // Most paths are already as the router reads them: one slash before each component, none at the end.
        let bytes = path.utf8, slash = UInt8(ascii: "/")
        let plain = bytes.count > 1 && bytes.first == slash && bytes.last != slash && !zip(bytes, bytes.dropFirst()).contains { $0 == slash && $1 == slash }
        let made = plain ? path : "/" + path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        storage[RoutePathKey.self] = made
        return made
    }

    /// A write whose signed link is its whole authority (an unsubscribe link, which a mail client
    /// posts bare, RFC 8058): it needs neither a session nor a form token.
    var isSignedLinkWrite: Bool { isWrite && routePath.hasPrefix("/unsubscribe/") }

    /// Whether the request asks to change something.
    var isWrite: Bool { ![.GET, .HEAD, .OPTIONS].contains(method) }
}

extension Request {
    private struct SignedInKey: StorageKey { typealias Value = Person }
    private struct ActorKey: StorageKey { typealias Value = Actor }

    private struct APITokenKey: StorageKey { typealias Value = APIToken }

    /// The API token this request came with, if it came with one.
    var apiToken: APIToken? {
        get { storage[APITokenKey.self] }
        set { storage[APITokenKey.self] = newValue }
    }

    /// The person this request acts as, if any.
    var signedIn: Person? {
        get { storage[SignedInKey.self] }
        set { storage[SignedInKey.self] = newValue }
    }

    private struct SessionSecretKey: StorageKey { typealias Value = String }

    /// The secret of the web session this request was signed in by (its cookie's value).
    var sessionSecret: String? {
        get { storage[SessionSecretKey.self] }
        set { storage[SessionSecretKey.self] = newValue }
    }

    /// The signed-in person with their verified roles, loaded once per request.
    func actor() async throws -> Actor? {
        guard let person = signedIn, let personID = person.id else { return nil }
        if let actor = storage[ActorKey.self] { return actor }
        let roles = try await RoleRequest.query(on: db)
            .filter(\.$personID == personID).filter(\.$status == RoleRequestStatus.verified).all()
        let actor = Actor(
            personID: personID, isAdministrator: person.isAdministrator,
            officerOf: Set(roles.compactMap { $0.role == RoleKind.officer.rawValue ? $0.cityID : nil }),
            secretariatOf: Set(roles.compactMap { $0.role == RoleKind.secretariat.rawValue ? $0.networkID : nil }),
            managerOf: Set(roles.compactMap { $0.role == RoleKind.manager.rawValue ? $0.programmeID : nil }),
            addressConfirmed: person.emailConfirmedAt != nil)
        storage[ActorKey.self] = actor
        return actor
    }

    /// Asks the policy; returns the actor when allowed, and otherwise throws 401 or 403 with the reason.
    @discardableResult
    func authorize(_ action: Action) async throws -> Actor {
        let actor = try await actor()
        switch Policy.decide(actor, action) {
        case .allowed:
            guard let actor else { throw SignInRequired(api: isAPI, terminal: terminal != nil) }
            return actor
        case .signInRequired:
            throw SignInRequired(api: isAPI, terminal: terminal != nil)
        case .denied(let reason):
            throw Abort(.forbidden, reason: reason)
        }
    }
}

extension Request {
    /// The signed-in person; otherwise `SignInRequired`, which a browser sees as the sign-in page.
    @discardableResult
    func requireSignedIn() throws -> Person {
        guard let person = signedIn else { throw SignInRequired(api: isAPI, terminal: terminal != nil) }
        return person
    }
}

/// Nobody is signed in and the request needs someone: a 401 for API clients, and for a browser the
/// sign-in page, coming back afterwards (`ProblemMiddleware`).
struct SignInRequired: AbortError {
    var api: Bool
    /// Whether the request came with an outlet terminal's token, which acts for no person.
    var terminal = false
    var status: HTTPResponseStatus { .unauthorized }
    var reason: String {
        if terminal {
            return "This is an outlet terminal's token: it sells, registers people and confirms deliveries at its own outlet. This needs a person's API token; create one on your account page."
        }
        return api ? "Send an API token as 'Authorization: Bearer …'; create one on your account page." : "Please sign in first."
    }
}
