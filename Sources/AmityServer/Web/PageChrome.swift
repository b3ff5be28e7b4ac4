import AmityCore
import Vapor

/// What every page's layout needs: the words in the reader's language, the switcher, the title.
struct PageChrome: Encodable {
    var t: [String: String]
    var lang: String
    var title: String
    var languages: [LanguageLink]
    var search: String

    struct LanguageLink: Encodable {
        var code: String
        var name: String
        var href: String
        var current: Bool
    }

    init(request: Request, title: String, search: String = "") {
        t = request.messages
        lang = request.language.rawValue
        self.title = title
        self.search = search
        var components = URLComponents(string: request.url.string) ?? URLComponents()
        let kept = (components.queryItems ?? []).filter { $0.name != "lang" }
        languages = Language.allCases.map { language in
            components.queryItems = kept + [URLQueryItem(name: "lang", value: language.rawValue)]
            return LanguageLink(code: language.rawValue, name: language.endonym, href: components.string ?? "/?lang=\(language.rawValue)",
                                current: language == request.language)
        }
    }
}
