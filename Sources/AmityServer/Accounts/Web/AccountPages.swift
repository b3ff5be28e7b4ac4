import AmityCore
import Fluent
import Vapor

/// Sign-up, sign-in and sign-out, the account page (roles, tokens, password) and the queue of role requests.
struct AccountPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("sign-up", use: signUpForm)
        routes.post("sign-up", use: signUp)
        routes.get("sign-in", use: signInForm)
        routes.post("sign-in", use: signIn)
        routes.post("sign-out", use: signOut)
        routes.get("account", use: account)
        routes.post("account", "password", use: changePassword)
        routes.post("account", "tokens", use: createToken)
        routes.post("account", "tokens", ":id", "revoke", use: revokeToken)
        routes.get("account", "role-requests", "new", use: roleRequestForm)
        routes.post("account", "role-requests", use: requestRole)
        routes.get("requests", use: queue)
        routes.post("requests", ":id", "verify", use: verify)
        routes.post("requests", ":id", "refuse", use: refuse)
        routes.post("requests", ":id", "revoke", use: revoke)
    }

    struct FormContext: Encodable {
        var chrome: PageChrome
        var form: FormState
        var next: String?
    }

    // MARK: Sign-up and sign-in

    @Sendable func signUpForm(req: Request) async throws -> Response {
        try await req.render("Accounts/sign-up", FormContext(chrome: PageChrome(request: req, title: req.t("sign_up_title")), form: FormState()))
    }

    @Sendable func signUp(req: Request) async throws -> Response {
        let input = try req.decodeBody(Registration.SignUp.self)
        do {
            try await Registration(request: req).signUp(input)
            return req.redirect(to: "/sign-in?notice=signed_up")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["email": input.email, "displayName": input.displayName])
            return try await req.render("Accounts/sign-up", FormContext(chrome: PageChrome(request: req, title: req.t("sign_up_title")), form: form), status: status)
        }
    }

    struct SignInForm: Content {
        var email: String
        var password: String
        var next: String?
    }

    @Sendable func signInForm(req: Request) async throws -> Response {
        let next = try? req.query.get(String.self, at: "next")
        return try await req.render("Accounts/sign-in", FormContext(chrome: PageChrome(request: req, title: req.t("sign_in_title")), form: FormState(), next: next))
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let input = try req.decodeBody(SignInForm.self)
        do {
            let person = try await Registration(request: req).signIn(email: input.email, password: input.password)
            let response = req.redirect(to: localPath(input.next))
            try await WebSessions.start(for: person, request: req, response: response)
            req.rotateCSRFToken()
            return response
        } catch let busy as SignInGate.Busy {
            return Self.busy(busy, req)
        } catch {
            var (form, status) = try FormState.failed(error, for: req, values: ["email": input.email])
            if let message = form.errors.removeValue(forKey: "email") { form.general = message }
            let response = try await req.render("Accounts/sign-in", FormContext(chrome: PageChrome(request: req, title: req.t("sign_in_title")), form: form, next: input.next), status: status)
            if let locked = error as? SignInLocked { response.headers.replaceOrAdd(name: "Retry-After", value: String(locked.retryAfterSeconds)) }
            return response
        }
    }

    /// The refusal of a sign-in past capacity: a page of one sentence and a link back, without the
    /// layout's templates, so that refusing thousands a second costs little (I10).
    static func busy(_ busy: SignInGate.Busy, _ req: Request) -> Response {
        let sentence = MarkupText.escape(req.t("sign_in_busy", ["seconds": String(busy.retryAfterSeconds)]))
        let title = MarkupText.escape(req.t("sign_in_title"))
        let html = "<!doctype html><html lang=\"\(req.language.rawValue)\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>\(title)</title><link rel=\"stylesheet\" href=\"/amity.css\"></head><body><main><h1>\(title)</h1><p role=\"alert\">\(sentence)</p>"
            + "<p><a href=\"/sign-in\">\(title)</a></p></main></body></html>"
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: "Retry-After", value: String(busy.retryAfterSeconds))
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .tooManyRequests, headers: headers, body: .init(string: html))
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        let response = req.redirect(to: "/?notice=signed_out")
        try await WebSessions.end(request: req, response: response)
        req.rotateCSRFToken()
        return response
    }

    // MARK: The account page

    struct AccountContext: Encodable {
        var chrome: PageChrome
        var me: PersonDTO
        var roles: [RoleLine]
        var requests: [RoleLine]
        var tokens: [TokenLine]
        var newToken: String?
        var form: FormState
        var canDecide: Bool
        var addressConfirmed: Bool
        var notifications: [NotificationLine]
        var languages: [LanguageOption]
    }

    /// A kind of notification on the account page, with its switch.
    struct NotificationLine: Encodable {
        var kind: String
        var label: String
        var on: Bool
    }

    /// A language mail can be written in.
    struct LanguageOption: Encodable {
        var code: String
        var name: String
        var selected: Bool
    }

    /// A role or a request, with its city or network named in the reader's language.
    struct RoleLine: Encodable {
        var id: Int
        var role: String
        var target: String
        var href: String
        var title: String
        var status: String
        var statusClass: String
        var note: String?
        var person: String?
        var email: String?
        var message: String?
    }

    @Sendable func account(req: Request) async throws -> Response {
        try req.requireSignedIn()
        return try await renderAccount(req, form: FormState())
    }

    func renderAccount(_ req: Request, form: FormState, newToken: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try await req.authorize(.manageOwnAccount)
        let me = try await People.dto(req.signedIn!, includeEmail: true, on: req.db)
        let requests = try await RoleRequest.query(on: req.db).filter(\.$personID == actor.personID).sort(\.$id, .descending).all()
        var dtos: [RoleRequestDTO] = []
        for request in requests { dtos.append(try await RoleRequests.dto(request, on: req.db)) }
        let lines = try await roleLines(dtos, req: req)
        let mail = try await NotificationSettings.of(req.signedIn!, on: req.db)
        let canDecide = try await req.can(.holdRole(officer: false, secretariat: true))
        return try await req.render("Accounts/account", AccountContext(
            chrome: PageChrome(request: req, title: req.t("account_title")), me: me,
            roles: lines.filter { $0.statusClass == RoleRequestStatus.verified.rawValue }, requests: lines,
            tokens: try await APITokens(request: req).list(for: actor).map(TokenLine.init), newToken: newToken, form: form,
            canDecide: canDecide, addressConfirmed: req.signedIn?.emailConfirmedAt != nil,
            notifications: NotificationKind.allCases.map { NotificationLine(kind: $0.rawValue, label: req.word("notify", $0.key), on: !mail.off.contains($0)) },
            languages: Language.allCases.map { LanguageOption(code: $0.rawValue, name: $0.endonym, selected: $0 == mail.language) }), status: status)
    }

    /// A token as the account page lists it.
    struct TokenLine: Encodable {
        var id: Int
        var name: String
        var prefix: String
        var expires: String
        var revoked: Bool
        init(_ token: APITokenDTO) {
            (id, name, prefix, revoked) = (token.id, token.name, token.prefix, token.revokedAt != nil)
            expires = CalendarDay.text(token.expiresAt)
        }
    }

    func roleLines(_ requests: [RoleRequestDTO], req: Request) async throws -> [RoleLine] {
        let cities = try await req.directory.cityRefs(ids: requests.compactMap(\.cityId))
        let networks = try await Network.query(on: req.db).filter(\.$id ~~ Set(requests.compactMap(\.networkId))).all()
        let t = req.messages
        return requests.map { r in
            let city = r.cityId.flatMap { cities[$0] }
            let programme = r.programmeId.map { req.t("role_target_programme", ["id": String($0)]) }
            let target = city.map { $0.names[req.language.rawValue] ?? $0.name } ?? networks.first { $0.id == r.networkId }?.shortName ?? programme ?? "?"
            let href = r.cityId.map { "/cities/\($0)" } ?? r.programmeId.map { "/rationing/\($0)" } ?? "/networks/\(r.networkId ?? "")"
            return RoleLine(id: r.id, role: t["role_kind_\(r.role)"] ?? r.role, target: target, href: href, title: r.title,
                            status: t["request_status_\(r.status.rawValue)"] ?? r.status.rawValue, statusClass: r.status.rawValue, note: r.revocationReason ?? r.decisionNote,
                            person: r.person.displayName, email: r.person.email, message: r.message.isEmpty ? nil : r.message)
        }
    }

    struct PasswordForm: Content {
        var currentPassword: String
        var newPassword: String
    }

    @Sendable func changePassword(req: Request) async throws -> Response {
        let person = try req.requireSignedIn()
        let input = try req.decodeBody(PasswordForm.self)
        do {
            try await Registration(request: req).changePassword(of: person, current: input.currentPassword, new: input.newPassword)
            let response = req.redirect(to: "/account?notice=password_changed")
            try await WebSessions.start(for: person, request: req, response: response)
            return response
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: [:])
            return try await renderAccount(req, form: form, status: status)
        }
    }

    struct TokenForm: Content {
        var name: String
        var expiresInDays: Int?
    }

    @Sendable func createToken(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let input = try req.decodeBody(TokenForm.self)
        do {
            let created = try await APITokens(request: req).create(CreateTokenRequest(name: input.name, expiresInDays: input.expiresInDays))
            return try await renderAccount(req, form: FormState(), newToken: created.token, status: .created)
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["name": input.name])
            return try await renderAccount(req, form: form, status: status)
        }
    }

    @Sendable func revokeToken(req: Request) async throws -> Response {
        try req.requireSignedIn()
        _ = try await APITokens(request: req).revoke(id: try req.intParameter("id", entity: "token"))
        return req.redirect(to: "/account?notice=token_revoked")
    }

    struct RoleRequestContext: Encodable {
        var chrome: PageChrome
        var form: FormState
        var role: String
        var target: String
        var cityId: Int?
        var networkId: String?
    }

    struct RoleTarget: Content {
        var city: Int?
        var network: String?
    }

    @Sendable func roleRequestForm(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let target = try req.query.decode(RoleTarget.self)
        return try await renderRoleRequest(req, cityID: target.city, networkID: target.network, form: FormState())
    }

    @Sendable func requestRole(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorize(.requestRole)
        let input = try req.decodeBody(CreateRoleRequest.self)
        do {
            _ = try await RoleRequests(request: req).create(input)
            return req.redirect(to: "/account?notice=role_requested")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["title": input.title, "message": input.message ?? ""])
            return try await renderRoleRequest(req, cityID: input.cityId, networkID: input.networkId, form: form, status: status)
        }
    }

    private func renderRoleRequest(_ req: Request, cityID: Int?, networkID: String?, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let directory = req.directory
        let target: String
        if let cityID {
            let city = try await directory.city(id: cityID).city
            target = city.names[req.language.rawValue] ?? city.name
        } else if let networkID {
            target = try await directory.network(id: networkID).name
        } else {
            throw DomainError.invalid("city", key: "error_role_target")
        }
        let role = cityID != nil ? RoleKind.officer.rawValue : RoleKind.secretariat.rawValue
        return try await req.render("Accounts/role-request", RoleRequestContext(
            chrome: PageChrome(request: req, title: req.t("role_request_title")), form: form, role: role,
            target: target, cityId: cityID, networkId: cityID == nil ? networkID : nil), status: status)
    }

    // MARK: The queue of requests

    struct QueueContext: Encodable {
        var chrome: PageChrome
        var pending: [RoleLine]
        var decided: [RoleLine]
        var morePending: String?
        var moreDecided: String?
    }

    @Sendable func queue(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let requests = RoleRequests(request: req)
        let pending = try await requests.list(statuses: [.pending], page: try req.pageRequest(shape: Paging.idShape, parameter: "pending"))
        let decided = try await requests.list(statuses: [.verified, .refused, .revoked], page: try req.pageRequest(shape: Paging.idShape, parameter: "decided"))
        // One's own requests are on one's account page, not in the queue one decides from.
        let mine = req.signedIn?.isAdministrator == true ? nil : req.signedIn?.id
        return try await req.render("Accounts/requests", QueueContext(
            chrome: PageChrome(request: req, title: req.t("requests_title")),
            pending: try await roleLines(pending.items.filter { $0.person.id != mine }, req: req),
            decided: try await roleLines(decided.items.filter { $0.person.id != mine }, req: req),
            morePending: req.nextPageLink(pending.nextCursor, parameter: "pending"),
            moreDecided: req.nextPageLink(decided.nextCursor, parameter: "decided")))
    }

    struct DecisionForm: Content {
        var note: String?
    }

    @Sendable func verify(req: Request) async throws -> Response {
        try await decide(req, verify: true)
    }

    @Sendable func refuse(req: Request) async throws -> Response {
        try await decide(req, verify: false)
    }

    private func decide(_ req: Request, verify: Bool) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "role request"), requests = RoleRequests(request: req)
        try await req.authorize(try await requests.decisionAction(id: id))
        let note = try req.decodeBody(DecisionForm.self).note
        _ = try await requests.decide(id: id, verify: verify, note: note)
        return req.redirect(to: "/requests?notice=" + (verify ? "request_verified" : "request_refused"))
    }

    struct RevocationForm: Content {
        var reason: String?
    }

    /// Takes a verified role back, from the queue (a decider) or the account page (the holder handing over).
    @Sendable func revoke(req: Request) async throws -> Response {
        let person = try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "role request"), requests = RoleRequests(request: req)
        try await req.authorize(try await requests.revocationAction(id: id))
        let reason = try req.decodeBody(RevocationForm.self).reason
        let revoked = try await requests.revoke(id: id, reason: reason)
        return req.redirect(to: (revoked.person.id == person.id ? "/account" : "/requests") + "?notice=role_revoked")
    }
}
