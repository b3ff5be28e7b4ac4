import Foundation

/// Something the domain says ("Taichung pledges 5,000 × masks to Cincinnati"), kept as a message
/// key and typed values so each reader gets it in their own language, with place and item names
/// in their script, rather than as a sentence frozen in the language it was first written in.
public struct Fact: Codable, Sendable, Equatable {
    /// The catalogue key of the sentence; its `{name}` placeholders name `values`.
    public var key: String
    public var values: [String: Value]

    public init(_ key: String, _ values: [String: Value] = [:]) {
        (self.key, self.values) = (key, values)
    }

    /// One value of a fact, worded when read.
    public enum Value: Codable, Sendable, Equatable {
        /// What a person wrote (a title, a note): shown as it is.
        case text(String)
        /// A city, named in the reader's script where the gazetteer has it.
        case city(Int)
        /// An item of the catalogue, named in the reader's language.
        case item(String)
        case number(Int64)
        /// A value a record carries (a status, a kind), said with the catalogue's word for it.
        case word(prefix: String, value: String)
        /// An instant, shown as the reader's date and time in UTC.
        case instant(Date)
        /// An instant said in a place's own time zone (an event where it happens).
        case localInstant(Date, zone: String)
    }

    /// One value worded on its own (a date in a mail's subject), under the key `value_alone`.
    public static func alone(_ value: Value) -> Fact { Fact("value_alone", ["value": value]) }

    /// The city ids the fact names, to look their names up once for a page of facts.
    public var cityIDs: [Int] {
        values.values.compactMap { if case .city(let id) = $0 { id } else { nil } }
    }

    /// The sentence in `language`: the catalogue's text with each value worded by `word`.
    public func text(in language: Language, catalogue: MessageCatalogue, word: (Value) -> String) -> String {
        catalogue.text(key, in: language, values.mapValues(word))
    }
}
