import AmityCore
import Vapor

/// The pages mailed links open: confirming an address, resetting a password; and the account's
/// buttons that mail them (the confirmation again, a new address).
struct AccountLinkPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("confirm-address", use: confirmForm)
        routes.post("confirm-address", use: confirm)
        routes.get("forgot-password", use: forgotForm)
        routes.post("forgot-password", use: forgot)
        routes.get("reset-password", use: resetForm)
        routes.post("reset-password", use: reset)
        routes.post("account", "confirmation", use: resendConfirmation)
        routes.post("account", "email", use: changeAddress)
        routes.post("account", "delete", use: deleteAccount)
    }

    struct LinkContext: Encodable {
        var chrome: PageChrome
        var form: FormState
        var token: String
    }

    struct TokenForm: Content { var token: String }

    private func render(_ req: Request, _ template: String, title: String, form: FormState = FormState(), token: String = "",
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        try await req.render("Accounts/\(template)", LinkContext(chrome: PageChrome(request: req, title: req.t(title)), form: form, token: token),
                             status: status)
    }

    /// The link's page asks for one press: mail scanners that open links must not use them up.
    @Sendable func confirmForm(req: Request) async throws -> Response {
        try await render(req, "confirm-address", title: "confirm_title", token: (try? req.query.get(String.self, at: "token")) ?? "")
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let token = try req.decodeBody(TokenForm.self).token
        do {
            try await Registration(request: req).confirmAddress(token: token)
            return req.redirect(to: (req.signedIn == nil ? "/sign-in" : "/account") + "?notice=address_confirmed")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: [:])
            return try await render(req, "confirm-address", title: "confirm_title", form: form, token: token, status: status)
        }
    }

    @Sendable func forgotForm(req: Request) async throws -> Response {
        try await render(req, "forgot-password", title: "forgot_title")
    }

    struct ForgotForm: Content { var email: String }

    @Sendable func forgot(req: Request) async throws -> Response {
        try await Registration(request: req).requestPasswordReset(email: try req.decodeBody(ForgotForm.self).email)
        return req.redirect(to: "/sign-in?notice=reset_sent")
    }

    @Sendable func resetForm(req: Request) async throws -> Response {
        try await render(req, "reset-password", title: "reset_title", token: (try? req.query.get(String.self, at: "token")) ?? "")
    }

    struct ResetForm: Content { var token: String; var password: String }

    @Sendable func reset(req: Request) async throws -> Response {
        let input = try req.decodeBody(ResetForm.self)
        do {
            try await Registration(request: req).resetPassword(token: input.token, to: input.password)
            return req.redirect(to: "/sign-in?notice=password_reset")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: [:])
            return try await render(req, "reset-password", title: "reset_title", form: form, token: input.token, status: status)
        }
    }

    @Sendable func resendConfirmation(req: Request) async throws -> Response {
        let person = try req.requireSignedIn()
        try await Registration(request: req).resendConfirmation(for: person)
        return req.redirect(to: "/account?notice=confirmation_sent")
    }

    struct DeleteForm: Content { var deletePassword: String }

    /// Deletes the account after the password; the browser is signed out with it.
    @Sendable func deleteAccount(req: Request) async throws -> Response {
        let person = try req.requireSignedIn()
        let input = try req.decodeBody(DeleteForm.self)
        do {
            try await AccountDeletion(request: req).delete(person, password: input.deletePassword)
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: [:])
            return try await AccountPages().renderAccount(req, form: form, status: status)
        }
        let response = req.redirect(to: "/?notice=account_deleted")
        try await WebSessions.end(request: req, response: response)
        req.rotateCSRFToken()
        return response
    }

    struct AddressForm: Content { var email: String; var currentPassword: String }

    @Sendable func changeAddress(req: Request) async throws -> Response {
        let person = try req.requireSignedIn()
        let input = try req.decodeBody(AddressForm.self)
        do {
            try await Registration(request: req).changeAddress(of: person, to: input.email, password: input.currentPassword)
            return req.redirect(to: "/account?notice=address_change_sent")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["email": input.email])
            return try await AccountPages().renderAccount(req, form: form, status: status)
        }
    }
}
