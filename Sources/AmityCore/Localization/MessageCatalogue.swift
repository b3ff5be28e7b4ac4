/// Every word the pages show, in every supported language.
///
/// English is complete by construction; another language falls back to English for a key it
/// lacks, and `missingKeys` lists those so a test can keep the catalogues in step.
public struct MessageCatalogue: Sendable {
    private let messages: [Language: [String: String]]
    /// Each language's messages with English filling its gaps, merged once: every page asks.
    private let complete: [Language: [String: String]]

    /// Builds a catalogue; English must be present.
    public init(_ messages: [Language: [String: String]]) throws {
        guard let english = messages[.english] else { throw DomainError.invalid("catalogue", "The English catalogue is missing.") }
        self.messages = messages
        complete = Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
            (language, english.merging(messages[language] ?? [:]) { _, translated in translated })
        })
    }

    /// All messages for `language`, English filling any gap.
    public func messages(for language: Language) -> [String: String] {
        complete[language] ?? [:]
    }

    /// One message, or the key itself so a gap shows rather than breaks the page.
    public func text(_ key: String, in language: Language) -> String {
        messages[language]?[key] ?? messages[.english]?[key] ?? key
    }

    /// One message with its `{name}` placeholders filled from `values`.
    ///
    /// One pass over the message: a value that itself contains `{name}` (a title someone typed)
    /// is never filled in turn.
    public func text(_ key: String, in language: Language, _ values: [String: String]) -> String {
        Self.fill(text(key, in: language), values)
    }

    /// `template` with its `{name}` placeholders filled from `values`, in one pass.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = "", rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[rest.index(after: open)..<close])] else {
                result.append("{")
                rest = rest[rest.index(after: open)...]
                continue
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// The word for a value a record carries (a status, a kind), under the key `<prefix>_<value>`;
    /// the value itself when no catalogue has one, so a gap shows as the wire value.
    public func word(_ prefix: String, _ value: String, in language: Language) -> String {
        let key = "\(prefix)_\(value)"
        return messages[language]?[key] ?? messages[.english]?[key] ?? value
    }

    /// An item's name in `language`; its name in the item list where no catalogue has a word for it.
    public func itemName(_ code: String, in language: Language) -> String {
        let name = word("item", code, in: language)
        return name == code ? Catalogue.name(of: code) : name
    }

    /// An item as a form lists it, with what its quantity counts: "Sanitised water (litre)".
    public func itemChoice(_ item: Item, in language: Language) -> String {
        "\(itemName(item.code, in: language)) (\(word("unit", item.unit, in: language)))"
    }

    /// Keys English has that `language` does not.
    public func missingKeys(in language: Language) -> Set<String> {
        Set(messages[.english]?.keys ?? [:].keys).subtracting(messages[language]?.keys ?? [:].keys)
    }
}
