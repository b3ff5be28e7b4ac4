@testable import AmityServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Credentials of a demo account, minted straight into the database so tests need no sign-in round trip.
struct Credentials: Sendable {
    var personID: Int
    var bearer: String
    var session: String
    var csrf = "test-csrf-token"

    /// What `form(csrf:)` takes to mean the right token for whoever posts.
    static let validCSRF = "(the right token)"
}

/// The demo accounts by role (see `DemoAccounts`).
enum Demo {
    static let admin = "admin@amity.example"
    static let newTaipei = "officer@newtaipei.example"
    static let cincinnati = "officer@cincinnati.example"
    static let taichung = "officer@taichung.example"
    static let citynet = "secretariat@citynet.example"
    static let kaohsiungApplicant = "officer@kaohsiung.example"
    static let reader = "reader@amity.example"

    static let newTaipeiID = 12_908_892, cincinnatiID = 4_508_722, taichungID = 1_668_399, kaohsiungID = 1_673_820
}

extension Application {
    func credentials(_ email: String) async throws -> Credentials {
        guard let person = try await Person.query(on: db).filter(\.$email == email).first() else {
            throw Abort(.internalServerError, reason: "no demo account \(email)")
        }
        let bearer = Secret.token(prefix: "amity_"), session = Secret.token(prefix: "")
        let token = APIToken()
        token.personID = try person.requireID()
        token.name = "test"
        token.tokenHash = Secret.hash(bearer)
        token.prefix = String(bearer.prefix(12))
        token.createdAt = clock.now()
        token.expiresAt = clock.now().addingTimeInterval(365 * 86_400)
        try await token.create(on: db)
        let row = WebSession()
        row.personID = try person.requireID()
        row.tokenHash = Secret.hash(session)
        row.createdAt = clock.now()
        row.expiresAt = clock.now().addingTimeInterval(365 * 86_400)
        try await row.create(on: db)
        return Credentials(personID: try person.requireID(), bearer: bearer, session: session, csrf: CSRFMiddleware.token(forSession: session))
    }

    /// An API call, as `who` (or anonymously), with a JSON body.
    @discardableResult
    func api(_ method: HTTPMethod, _ path: String, as who: Credentials? = nil, json: String? = nil,
             headers extra: HTTPHeaders = [:], check: (TestingHTTPResponse) async throws -> Void = { _ in }) async throws -> TestingHTTPResponse {
        var headers = extra
        if let who { headers.bearerAuthorization = .init(token: who.bearer) }
        if json != nil { headers.contentType = .json }
        var captured: TestingHTTPResponse?
        try await testing().test(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) }) { res async throws in
            captured = res
            try await check(res)
        }
        return captured!
    }

    /// A form post from a browser page, as `who` (or anonymously), with a valid CSRF token unless told
    /// otherwise: the session's when signed in, else the one in the cookie.
    @discardableResult
    func form(_ path: String, as who: Credentials? = nil, fields: [String: String] = [:], csrf: String? = Credentials.validCSRF,
              check: (TestingHTTPResponse) async throws -> Void = { _ in }) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        var cookies = ["amity_csrf=test-csrf-token"]
        if let who { cookies.append("amity_session=\(who.session)") }
        headers.add(name: .cookie, value: cookies.joined(separator: "; "))
        var all = fields
        if let csrf { all["csrf"] = csrf == Credentials.validCSRF ? who?.csrf ?? "test-csrf-token" : csrf }
        let body = all.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        var captured: TestingHTTPResponse?
        try await testing().test(.POST, path, headers: headers, body: ByteBuffer(string: body)) { res async throws in
            captured = res
            try await check(res)
        }
        return captured!
    }

    /// A page as `who` sees it.
    func page(_ path: String, as who: Credentials? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Accept": "text/html"]
        if let who { headers.add(name: .cookie, value: "amity_session=\(who.session); amity_csrf=\(who.csrf)") }
        var captured: TestingHTTPResponse?
        try await testing().test(.GET, path, headers: headers) { res async throws in captured = res }
        return captured!
    }

    /// A plan asked for over the API and waited for (`Prefer: wait`), as the worker made it.
    func plan(as who: Credentials, json: String) async throws -> PlanDTO {
        let response = try await api(.POST, "/api/v1/plans", as: who, json: json, headers: ["Prefer": "wait=60"])
        guard response.status == .created else { throw Abort(response.status, reason: "no plan: \(response.body.string)") }
        return try response.json(PlanDTO.self)
    }

    func auditCount() async throws -> Int {
        try await AuditEntry.query(on: db).count()
    }
}
