import AmityCore
import Fluent
import Foundation

/// Words live entries for one reader: each fact in their language, cities named in their script.
///
/// Built once for a page (or a batch of the stream) so city names are read in one query.
struct LiveWording: Sendable {
    let language: Language
    let catalogue: MessageCatalogue?
    /// The cities the facts name, with their names in every language (one read serves every reader).
    let cities: [Int: CityRefDTO]

    /// The cities these facts name.
    static func cities(for facts: [Fact], on db: any Database) async throws -> [Int: CityRefDTO] {
        let ids = Array(Set(facts.flatMap(\.cityIDs)))
        return ids.isEmpty ? [:] : try await CityDirectory(database: db).cityRefs(ids: ids)
    }

    /// The cities the facts of these entries name.
    static func cities(for rows: [LiveEntryRecord], on db: any Database) async throws -> [Int: CityRefDTO] {
        try await cities(for: rows.flatMap { [$0.titleAsFact, $0.summaryAsFact].compactMap { $0 } }, on: db)
    }

    /// A wording for these facts; without a catalogue, a fact reads as its key.
    static func make(for facts: [Fact], in language: Language, catalogue: MessageCatalogue?, on db: any Database) async throws -> LiveWording {
        LiveWording(language: language, catalogue: catalogue, cities: try await cities(for: facts, on: db))
    }

    /// A wording for the facts of these entries.
    static func make(for rows: [LiveEntryRecord], in language: Language, catalogue: MessageCatalogue, on db: any Database) async throws -> LiveWording {
        LiveWording(language: language, catalogue: catalogue, cities: try await cities(for: rows, on: db))
    }

    func text(_ live: LiveText) -> String {
        switch live {
        case .written(let text): text
        case .fact(let fact): text(fact)
        }
    }

    func title(_ row: LiveEntryRecord) -> String { row.titleAsFact.map(text) ?? row.title }

    func summary(_ row: LiveEntryRecord) -> String { row.summaryAsFact.map(text) ?? row.summary }

    func text(_ fact: Fact) -> String {
        guard let catalogue else { return fact.key }
        // An empty value (no delivery note) leaves no stray space at the end.
        return fact.text(in: language, catalogue: catalogue) { value in
            switch value {
            case .text(let text): text
            case .city(let id): cities[id].map { $0.names[language.rawValue] ?? $0.name } ?? "#\(id)"
            case .item(let code):
                catalogue.itemName(code, in: language)
            case .number(let number): number.formatted(.number.grouping(.automatic))
            case .word(let prefix, let value): catalogue.word(prefix, value, in: language)
            case .instant(let date): DateWording(catalogue: catalogue, language: language).dayAndTime(date)
            case .localInstant(let date, let zone): DateWording(catalogue: catalogue, language: language).dayAndTime(date, in: TimeZone(identifier: zone) ?? .utc)
            }
        }.trimmingWhitespace()
    }
}

extension LiveText {
    /// The fact, when Amity words this text for each reader.
    var fact: Fact? {
        if case .fact(let fact) = self { fact } else { nil }
    }
}
