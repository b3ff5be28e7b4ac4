import AmityCore
import Foundation
import SQLKit
import Vapor

/// The reads every sale and every entitlement question makes before anything else, grouped
/// across the requests asking at once (`GroupedWork`): a country's terminals and residents ask
/// them thousands of times a second, for different people, against the same few indexes.
final class RationingReads: Sendable {
    /// A person with their lines from a window's start on, as the rules read them.
    typealias Found = (RegisteredPeople.Registered, [Purchase])

    /// An entitlement question: the person under a key (an HMAC) in a programme, with their lines
    /// from `since` on (reversals left out; a line stamped after `now`, by another server's clock
    /// running ahead, counts as now).
    let person: GroupedWork<(key: String, programmeID: Int, since: Date, now: Date), Found?>

    /// The reads, through `reader` where the entitlement questions can use it (an SQLite file).
    init(reader: SQLiteReader? = nil) {
        person = GroupedWork(read: { questions, db in try await Self.people(questions, reader: reader, db: db) })
    }

    private static func people(_ questions: [(key: String, programmeID: Int, since: Date, now: Date)], reader: SQLiteReader?, db: HotConnection) async throws -> [Found?] {
        var answers: [Found?] = Array(repeating: nil, count: questions.count)
        for (programmeID, indices) in Dictionary(grouping: questions.indices, by: { questions[$0].programmeID }) {
            let since = indices.map { questions[$0].since }.min()!, keys = Set(indices.map { questions[$0].key })
            let found = if let reader {
                try SaleHistory.people(keys: keys, programmeID: programmeID, since: since, reading: reader)
            } else {
                try await SaleHistory.people(keys: keys, programmeID: programmeID, since: since, on: db)
            }
            for index in indices {
                let question = questions[index]
                answers[index] = found[question.key].map { person, lines in
                    (person, lines.filter { $0.at >= question.since }.map { line in
                        var line = line
                        line.at = min(line.at, question.now)
                        return line
                    })
                }
            }
        }
        return answers
    }

    /// A sale's people: those registered in a programme under the keys its cards and holder name.
    let registered = GroupedWork<(keys: Set<String>, programmeID: Int), [RegisteredPeople.Registered]>(read: { questions, db in
        var answers: [[RegisteredPeople.Registered]] = Array(repeating: [], count: questions.count)
        for (programmeID, indices) in Dictionary(grouping: questions.indices, by: { questions[$0].programmeID }) {
            let found = try await RegisteredPeople.find(keys: indices.reduce(into: Set()) { $0.formUnion(questions[$1].keys) }, programmeID: programmeID, on: db)
            let byKey = Dictionary(found.map { ($0.documentKey, $0) }, uniquingKeysWith: { first, _ in first })
            for index in indices { answers[index] = questions[index].keys.compactMap { byKey[$0] } }
        }
        return answers
    })
}

extension Application {
    private struct RationingReadsKey: StorageKey { typealias Value = RationingReads }

    /// The instance's grouped rationing reads, set by `configure`.
    var rationingReads: RationingReads {
        get { storage[RationingReadsKey.self]! }
        set { storage[RationingReadsKey.self] = newValue }
    }
}
