import AmityCore
import LeafKit
import Vapor

/// What every page's layout needs: the words in the reader's language, the switcher, the title.
struct PageChrome: Encodable {
    var t: PageWords
    var lang: String
    var title: String
    var languages: [LanguageLink]
    var search: String
    /// The token every form on the page carries.
    var csrf: String
    /// The signed-in person's name, for the header.
    var person: String?
    var isAdministrator: Bool
    /// A one-line message after a redirect ("Signed in", "Request sent").
    var notice: String?
    /// The feeds and calendars of what the page shows, announced in its head so feed readers
    /// and calendar apps find them from the page's address.
    var alternates: [Alternate] = []

    /// A feed or calendar of the page (`<link rel="alternate">`).
    struct Alternate: Encodable {
        var type: String
        var href: String
        var title: String

        /// An Atom feed of live entries.
        static func atom(_ href: String, _ title: String) -> Alternate { Alternate(type: "application/atom+xml", href: href, title: title) }
        /// An iCalendar file of events.
        static func calendar(_ href: String, _ title: String) -> Alternate { Alternate(type: "text/calendar", href: href, title: title) }
    }

    struct LanguageLink: Encodable {
        var code: String
        var name: String
        var href: String
        var current: Bool
    }

    init(request: Request, title: String, search: String = "", alternates: [Alternate] = []) {
        self.alternates = alternates
        t = request.application.pageWords[request.language] ?? PageWords(request.messages)
        lang = request.language.rawValue
        self.title = title
        self.search = search
        // A page shared between visitors holds no form of one of them, so it mints no token (and no cookie).
        csrf = request.rendersSharedPage ? "" : request.csrfToken
        person = request.signedIn?.displayName
        isAdministrator = request.signedIn?.isAdministrator ?? false
        let query = request.url.query ?? ""
        notice = query.contains("notice=") ? (try? request.query.get(String.self, at: "notice")).flatMap { request.messages["notice_\($0)"] } : nil
        // The address's own query, as sent, without its language: only `lang=` is replaced.
        let kept = query.split(separator: "&").filter { !$0.hasPrefix("lang=") && $0 != "lang" }.joined(separator: "&")
        let stem = request.url.path + "?" + (kept.isEmpty ? "" : kept + "&") + "lang="
        languages = Language.allCases.map { language in
            LanguageLink(code: language.rawValue, name: language.endonym, href: stem + language.rawValue, current: language == request.language)
        }
    }
}

/// A language's page words, turned into Leaf's form once at start rather than on every page
/// (each page carries the whole catalogue, so its templates can say any word).
struct PageWords: Encodable, LeafDataRepresentable, Sendable {
    let words: [String: String]
    let leafData: LeafData

    init(_ words: [String: String]) {
        self.words = words
        leafData = .dictionary(words.mapValues(LeafData.string))
    }

    func encode(to encoder: any Encoder) throws {
        try words.encode(to: encoder)
    }
}

extension Application {
    private struct PageWordsKey: StorageKey { typealias Value = [Language: PageWords] }

    /// Every language's page words, ready for Leaf; set with the catalogue.
    var pageWords: [Language: PageWords] {
        get { storage[PageWordsKey.self] ?? [:] }
        set { storage[PageWordsKey.self] = newValue }
    }
}
