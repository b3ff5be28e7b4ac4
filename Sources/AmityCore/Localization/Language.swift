import Foundation

/// A language Amity's pages speak.
public enum Language: String, CaseIterable, Sendable, Codable {
    case english = "en"
    case traditionalChinese = "zh-Hant"
    case simplifiedChinese = "zh-Hans"
    case japanese = "ja"
    case korean = "ko"

    /// The name of the language in itself, for the switcher.
    public var endonym: String {
        switch self {
        case .english: "English"
        case .traditionalChinese: "繁體中文"
        case .simplifiedChinese: "简体中文"
        case .japanese: "日本語"
        case .korean: "한국어"
        }
    }

    /// The ISO 639-1 code that content in this language carries (both Chinese scripts are `zh`).
    public var isoCode: String {
        switch self {
        case .english: "en"
        case .traditionalChinese, .simplifiedChinese: "zh"
        case .japanese: "ja"
        case .korean: "ko"
        }
    }

    /// What goes between two sentences: Chinese and Japanese end a sentence with 。 and need no space.
    public var sentenceSeparator: String {
        switch self {
        case .traditionalChinese, .simplifiedChinese, .japanese: ""
        case .english, .korean: " "
        }
    }

    /// What separates the items of a list in running text.
    public var listSeparator: String {
        switch self {
        case .traditionalChinese, .simplifiedChinese, .japanese: "、"
        case .english, .korean: ", "
        }
    }

    /// What goes between two words put together (`Mon` and `morning`): Chinese and Japanese write none.
    public var wordSpace: String {
        switch self {
        case .traditionalChinese, .simplifiedChinese, .japanese: ""
        case .english, .korean: " "
        }
    }

    /// Maps a BCP 47 tag to a supported language, or nil. Chinese without a script follows its region.
    public init?(tag: String) {
        let parts = tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        guard let primary = parts.first else { return nil }
        switch primary {
        case "en": self = .english
        case "ja": self = .japanese
        case "ko": self = .korean
        case "zh":
            let rest = Set(parts.dropFirst())
            if rest.contains("hant") || !rest.isDisjoint(with: ["tw", "hk", "mo"]) {
                self = .traditionalChinese
            } else {
                self = .simplifiedChinese
            }
        default: return nil
        }
    }

    /// The best supported language for an `Accept-Language` header (RFC 9110 §12.5.4), or nil.
    public static func negotiate(acceptLanguage header: String) -> Language? {
        var best: (language: Language, weight: Double, order: Int)?
        for (order, item) in header.split(separator: ",").enumerated() {
            let fields = item.split(separator: ";").map { $0.trimmingWhitespace() }
            guard let tag = fields.first, let language = Language(tag: tag) else { continue }
            var weight = 1.0
            for parameter in fields.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0 else { continue }
            if best == nil || weight > best!.weight { best = (language, weight, order) }
        }
        return best?.language
    }
}
