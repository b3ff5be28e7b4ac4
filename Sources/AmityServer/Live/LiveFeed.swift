import AmityCore
import Fluent
import Foundation
import SQLKit

/// What a live entry is about.
enum LiveKind: String, Sendable, CaseIterable {
    case practice, call, question, answer, need, offer, pledge, gift, statement, resolution, event
}

/// What a live entry says: someone's own words (a title they typed), or a fact Amity words for
/// each reader in their language.
enum LiveText: Sendable {
    case written(String)
    case fact(Fact)
}

/// What a change announces to the live feed.
struct LiveItem: Sendable {
    var kind: LiveKind
    var title: LiveText
    var summary: LiveText
    /// The page it is about, a path on this site.
    var link: String
    var cityID: Int?
    /// Topics beyond the city's own (its country and networks are added): a call's network, a practice's area.
    var topics: [LiveTopic] = []

    init(kind: LiveKind, title: LiveText, summary: LiveText, link: String, cityID: Int? = nil, topics: [LiveTopic] = []) {
        (self.kind, self.title, self.summary, self.link, self.cityID, self.topics) = (kind, title, summary, link, cityID, topics)
    }

    /// An entry in someone's own words.
    init(kind: LiveKind, title: String, summary: String, link: String, cityID: Int? = nil, topics: [LiveTopic] = []) {
        self.init(kind: kind, title: .written(title), summary: .written(summary), link: link, cityID: cityID, topics: topics)
    }
}

extension AuditTrail {
    /// The one way to emit a live update: the entry is written in the change's own transaction, so
    /// it exists exactly when the change does, and announced when that transaction commits.
    ///
    /// On PostgreSQL the entries are numbered in commit order (an advisory lock held to commit, taken
    /// last so it is held briefly),
    /// so a reader resuming after entry N never skips one that committed late, and NOTIFY reaches
    /// every instance listening on the same database. On SQLite, writes are serialised anyway and
    /// `Request.transaction` wakes this instance's readers after commit.
    func publish(_ item: LiveItem) async throws {
        var topics = Set(item.topics)
        if let cityID = item.cityID {
            topics.insert(.city(cityID))
            if let city = try await City.find(cityID, on: db) { topics.insert(.country(city.countryCode)) }
            for membership in try await Membership.standing(on: db).filter(\.$cityID == cityID).all() {
                topics.insert(.network(membership.networkID))
            }
        }
        let postgres = db.sql.dialect.name == "postgresql"
        // One lock per schema: instances sharing a schema share a feed; other schemas (tests) do not wait.
        if postgres { try await db.sql.raw("SELECT pg_advisory_xact_lock(\(literal: LiveFeed.lockKey), hashtext(current_schema()))").run() }
        let entry = LiveEntryRecord()
        // The English wording is kept beside the fact for whoever reads the table itself.
        let english = try await LiveWording.make(for: [item.title, item.summary].compactMap(\.fact), in: .english, catalogue: catalogue, on: db)
        (entry.titleFact, entry.summaryFact) = (try item.title.fact.map(LiveEntryRecord.json), try item.summary.fact.map(LiveEntryRecord.json))
        (entry.kind, entry.title, entry.summary, entry.link) = (item.kind.rawValue, String(english.text(item.title).prefix(300)),
                                                                String(english.text(item.summary).prefix(600)), item.link)
        (entry.cityID, entry.at) = (item.cityID, now)
        entry.topics = "|" + topics.map(\.text).sorted().joined(separator: "|") + "|"
        try await entry.create(on: db)
        if postgres {
            try await db.sql.raw("SELECT pg_notify(\(literal: LiveFeed.channelPrefix) || current_schema(), \(bind: String(entry.id ?? 0)))").run()
        }
    }
}

/// Reading the live feed: everything, or what concerns some topics.
enum LiveFeed {
    static let lockKey = 7_212_020
    static let channelPrefix = "amity_live_"

    /// Entries newer than `after` (oldest first, to stream), or the newest (newest first, for feeds).
    static func entries(on db: any Database, topics: [LiveTopic], after: Int? = nil, limit: Int = 50) async throws -> [LiveEntryRecord] {
        let query = about(topics, on: db)
        if let after {
            return try await query.filter(\.$id > after).sort(\.$id, .ascending).limit(limit).all()
        }
        return try await query.sort(\.$id, .descending).limit(limit).all()
    }

    /// The shape of a page's cursor: the last id shown, and 1 when reading forward (after an id) or 0 back.
    static let cursorShape: [Cursor.Kind] = [.int, .int]

    /// One page of entries about `topics`: the newest first, or, from `after`, oldest first (a
    /// reader catching up); the cursor keeps the direction.
    static func page(on db: any Database, topics: [LiveTopic], after: Int? = nil, page: Paging,
                     in language: Language, catalogue: MessageCatalogue) async throws -> CursorPage<LiveEntryDTO> {
        let (from, forward) = page.cursor.map { ($0.key[0].int, $0.key[1].int == 1) } ?? (after, after != nil)
        let query = about(topics, on: db)
        if let from { query.filter(\.$id, forward ? .greaterThan : .lessThan, from) }
        let rows = try await query.sort(\.$id, forward ? .ascending : .descending).limit(page.limit + 1).all()
        return try await page.page(rows, key: { [.int($0.id ?? 0), .int(forward ? 1 : 0)] }) { kept in
            let wording = try await LiveWording.make(for: kept, in: language, catalogue: catalogue, on: db)
            return kept.map { LiveEntryDTO($0, wording) }
        }
    }

    private static func about(_ topics: [LiveTopic], on db: any Database) -> QueryBuilder<LiveEntryRecord> {
        let query = LiveEntryRecord.query(on: db)
        if !topics.isEmpty {
            query.group(.or) { or in
                for topic in topics { or.filter(\.$topics ~~ "|\(topic.text)|") }
            }
        }
        return query
    }

    static func latestID(on db: any Database) async throws -> Int {
        try await LiveEntryRecord.query(on: db).sort(\.$id, .descending).first()?.id ?? 0
    }
}
