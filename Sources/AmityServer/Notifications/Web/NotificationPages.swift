import AmityCore
import Vapor

/// The account's mail settings, and the page an unsubscribe link opens. A mail client's one-click
/// unsubscribe (RFC 8058) posts to the same address with no form token: the link's signature is
/// the whole authority, and it can only turn mail off.
struct NotificationPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("unsubscribe", ":token", use: unsubscribeForm)
        routes.post("unsubscribe", ":token", use: unsubscribe)
        routes.post("account", "notifications", use: save)
    }

    struct UnsubscribeContext: Encodable {
        var chrome: PageChrome
        var token: String
        var question: String?
        var done: String?
        var invalid: String?
    }

    /// Asks for one press, so that a scanner opening the link turns nothing off.
    @Sendable func unsubscribeForm(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let found = try await NotificationSettings(request: req).read(token)
        let question = found.map { req.application.catalogue.text("unsubscribe_question", in: req.language, ["email": $0.person.email]) }
        return try await render(req, token: token, question: question, invalid: found == nil ? req.t("unsubscribe_invalid") : nil,
                                status: found == nil ? .notFound : .ok)
    }

    @Sendable func unsubscribe(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        do {
            let person = try await NotificationSettings(request: req).unsubscribe(token)
            let done = req.application.catalogue.text("unsubscribe_done", in: req.language, ["email": person.email])
            return try await render(req, token: token, done: done, status: .ok)
        } catch DomainError.invalid {
            return try await render(req, token: token, invalid: req.t("unsubscribe_invalid"), status: .notFound)
        }
    }

    private func render(_ req: Request, token: String, question: String? = nil, done: String? = nil, invalid: String? = nil,
                        status: HTTPResponseStatus) async throws -> Response {
        try await req.render("Notifications/unsubscribe", UnsubscribeContext(
            chrome: PageChrome(request: req, title: req.t("unsubscribe_title")), token: token,
            question: question, done: done, invalid: invalid), status: status)
    }

    struct SettingsForm: Content {
        var kinds: [String]?
        var language: String
    }

    @Sendable func save(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let input = try req.decodeBody(SettingsForm.self)
        guard let language = Language(rawValue: input.language) else { throw DomainError.invalid("language", key: "error_choice", ["text": input.language, "choices": Language.allCases.map(\.endonym).joined(separator: ", ")]) }
        let kinds = try (input.kinds ?? []).map { value in
            guard let kind = NotificationKind(rawValue: value) else { throw DomainError.invalid("kinds", "There is no notification \(value).") }
            return kind
        }
        try await NotificationSettings(request: req).save(on: Set(kinds), language: language)
        return req.redirect(to: "/account?notice=notify_saved#notifications")
    }
}
