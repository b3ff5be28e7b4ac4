import AmityCore
import Vapor

extension Application {
    private struct CatalogueKey: StorageKey { typealias Value = MessageCatalogue }

    /// The words of every page, loaded once from `Resources/Localization/*.json`.
    var catalogue: MessageCatalogue {
        get { storage[CatalogueKey.self]! }
        set { storage[CatalogueKey.self] = newValue }
    }

    /// Reads one JSON object of key → message per supported language.
    func loadCatalogue() throws -> MessageCatalogue {
        var messages: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let path = directory.resourcesDirectory + "Localization/\(language.rawValue).json"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Abort(.internalServerError, reason: "The message catalogue \(path) is missing.")
            }
            messages[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return try MessageCatalogue(messages)
    }
}

/// Chooses the page language: `?lang=` (remembered in a cookie), then the cookie, then `Accept-Language`.
struct LanguageMiddleware: AsyncMiddleware {
    static let cookieName = "amity_lang"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let chosen = request.url.query == nil ? nil : (try? request.query.get(String.self, at: "lang")).flatMap(Language.init(rawValue:))
        request.language = chosen
            ?? request.cookies[Self.cookieName].flatMap { Language(rawValue: $0.string) }
            ?? request.headers.first(name: .acceptLanguage).flatMap(Language.negotiate(acceptLanguage:))
            ?? .english
        let response = try await next.respond(to: request)
        if let chosen {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: chosen.rawValue, maxAge: 365 * 24 * 3600, path: "/", isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }

    /// The language this request's page is written in.
    var language: Language {
        get { storage[LanguageKey.self] ?? .english }
        set { storage[LanguageKey.self] = newValue }
    }

    /// Every page word in this request's language, for a page's layout (`chrome.t`).
    var messages: [String: String] { application.catalogue.messages(for: language) }

    /// One message in this request's language, its `{name}` placeholders filled from `values`.
    func t(_ key: String, _ values: [String: String] = [:]) -> String {
        values.isEmpty ? application.catalogue.text(key, in: language) : application.catalogue.text(key, in: language, values)
    }

    /// A field error with its message in this request's language, where the catalogue has it.
    func worded(_ error: DomainError.FieldError) -> DomainError.FieldError {
        guard let key = error.key else { return error }
        var worded = error
        worded.message = t(key, error.values ?? [:])
        return worded
    }

    /// The reader's word for a value a record carries (`word("pledge_status", "shipped")`).
    func word(_ prefix: String, _ value: String) -> String { application.catalogue.word(prefix, value, in: language) }

    /// An item's name in the reader's language (`itemName("sanitised-water")`).
    func itemName(_ code: String) -> String { application.catalogue.itemName(code, in: language) }
}
