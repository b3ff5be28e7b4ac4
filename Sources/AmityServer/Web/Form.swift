import AmityCore
import Vapor

/// What a form page needs besides its chrome: the values typed and the error beside each field.
struct FormState: Encodable {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    /// An error that belongs to no one field (a wrong password, a lock).
    var general: String?

    /// The state after `error`, keeping what was typed (never passwords), each message beside its
    /// field in the reader's language.
    static func failed(_ error: any Error, for request: Request, values: [String: String]) throws -> (FormState, HTTPResponseStatus) {
        var state = FormState(values: values.filter { !$0.key.lowercased().contains("password") })
        switch error {
        case DomainError.invalid(let fields):
            for field in fields.map(request.worded) {
                let key = String(field.field.prefix { $0 != "[" && $0 != "." })
                if state.errors[key] == nil { state.errors[key] = field.message } else { state.errors[key]! += " " + field.message }
            }
            return (state, .badRequest)
        case DomainError.conflict(let message):
            state.general = message
            return (state, .conflict)
        case let locked as SignInLocked:
            state.general = locked.reason
            return (state, .tooManyRequests)
        default:
            throw error
        }
    }
}

extension Request {
    /// Renders `template` with `context`, answering with `status` (400 for a form with errors).
    func render(_ template: String, _ context: some Encodable, status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = try await view.render(template, context).encodeResponse(for: self)
        response.status = status
        return response
    }

    /// Sends a signed-out person to sign in, coming back afterwards to this page (or, after a
    /// form, to the page the form was on: a form's own address answers only POST).
    func signInRedirect() -> Response {
        var back = url.path
        if method != .GET, let referer = headers.first(name: .referer).flatMap(URLComponents.init(string:)) {
            back = referer.path.isEmpty ? "/" : referer.path
        }
        var components = URLComponents()
        components.path = "/sign-in"
        components.queryItems = [URLQueryItem(name: "next", value: back)]
        return redirect(to: components.string ?? "/sign-in")
    }
}

/// A redirect target is only ever a path on this site: printable ASCII with no backslash (browsers
/// drop tabs and newlines and read `\` as `/`, so `/<TAB>/evil.example` would leave the site), no
/// scheme, no host, and not starting with `//`.
func localPath(_ text: String?) -> String {
    guard let text, text.count <= 2_000, text.hasPrefix("/"), !text.hasPrefix("//"),
          text.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "\\" }),
          let components = URLComponents(string: text), components.scheme == nil, components.host == nil,
          components.path.hasPrefix("/"), !components.path.hasPrefix("//") else { return "/account" }
    return text
}
