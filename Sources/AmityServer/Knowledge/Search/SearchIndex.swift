import AmityCore
import Fluent
import Foundation
import SQLKit

/// The library's search index as the database holds it: one row per entry with what search
/// filters by, its terms (an FTS5 table on SQLite, a tsvector column on PostgreSQL, both cut by
/// `SearchText`), and a log of changes. Searches run in memory (`LibraryCache`), which reads the
/// terms back once and follows the log.
struct SearchIndex {
    let db: any Database
    var isPostgres: Bool { db.sql.dialect.name == "postgresql" }

    /// What one entry of the index says about its subject.
    struct Entry {
        var kind: SearchKind
        var refID: Int
        var cityID: Int
        var area: String
        var language: String
        var publishedAt: Date
        /// What results show: the original title and summary (the document may carry translations too).
        var title: String
        var summary: String
        var document: SearchDocument

        func facet(country: String, size: String) -> String {
            [kind.rawValue, area, language, country, size].joined(separator: "|")
        }
    }

    /// Adds or replaces the entry of `entry.kind` number `entry.refID`.
    func put(_ entry: Entry) async throws {
        try await remove(entry.kind, entry.refID)
        guard let city = try await City.find(entry.cityID, on: db) else { throw DomainError.notFound(entity: "city", id: String(entry.cityID)) }
        let row = SearchEntryRecord()
        let size = CitySize(population: city.population).rawValue
        (row.kind, row.refID, row.cityID, row.countryCode) = (entry.kind.rawValue, entry.refID, entry.cityID, city.countryCode)
        (row.citySize, row.area, row.language, row.publishedAt) = (size, entry.area, entry.language, entry.publishedAt)
        (row.title, row.summary, row.facet) = (entry.title, String(entry.summary.prefix(400)), entry.facet(country: city.countryCode, size: size))
        try await row.create(on: db)
        let id = try row.requireID()
        if isPostgres {
            try await db.sql.raw("""
                UPDATE search_entries SET terms = CAST(\(bind: entry.document.tsvectorLiteral) AS tsvector) WHERE id = \(bind: id)
                """).run()
        } else {
            let columns = entry.document.fts5Columns
            try await db.sql.raw("""
                INSERT INTO search_terms(rowid, title, summary, tags, body)
                VALUES (\(bind: id), \(bind: columns[0]), \(bind: columns[1]), \(bind: columns[2]), \(bind: columns[3]))
                """).run()
        }
        try await log(entryID: id, added: true)
    }

    /// Takes an entry out (a practice retired, a question withdrawn).
    func remove(_ kind: SearchKind, _ refID: Int) async throws {
        guard let row = try await SearchEntryRecord.query(on: db).filter(\.$kind == kind.rawValue).filter(\.$refID == refID).first() else { return }
        let id = try row.requireID()
        if !isPostgres { try await db.sql.raw("DELETE FROM search_terms WHERE rowid = \(bind: id)").run() }
        try await row.delete(on: db)
        try await log(entryID: id, added: false)
    }

    /// Records a change for every instance's index in memory; entry 0 means "read everything again".
    func log(entryID: Int, added: Bool) async throws {
        try await db.sql.insert(into: CreateSearchChanges.schema).columns("entry_id", "added", "at")
            .values(SQLBind(entryID), SQLBind(added), SQLBind(Date())).run()
    }

    // MARK: Reading back

    /// One change of the index, as the log holds it.
    struct Change: Decodable, Sendable {
        var id: Int
        var entry_id: Int
        var added: Bool
        var at: Date
    }

    /// The changes logged after change `after`, oldest first.
    func changes(after: Int) async throws -> [Change] {
        try await db.sql.raw("""
            SELECT id, entry_id, added, at FROM \(ident: CreateSearchChanges.schema) WHERE id > \(bind: after) ORDER BY id
            """).all(decoding: Change.self)
    }

    /// The last change logged, or 0.
    func lastChange() async throws -> Int {
        try await db.sql.raw("SELECT COALESCE(MAX(id), 0) AS n FROM \(ident: CreateSearchChanges.schema)").first(decoding: Count.self)?.n ?? 0
    }

    struct Count: Decodable { var n: Int }

    /// Entries as the index in memory holds them, with their stored terms: those with ids after
    /// `after` in order (at most `limit`), or those with the given ids.
    func stored(after: Int = 0, limit: Int = Int.max, ids: [Int]? = nil) async throws -> [LibraryIndex.Entry] {
        let which: SQLQueryString = ids.map { "d.id IN (\(binds: $0))" } ?? "d.id > \(bind: after)"
        let bound: SQLQueryString = limit == Int.max ? "" : "LIMIT \(unsafeRaw: String(limit))"
        if isPostgres {
            struct Row: Decodable { var id: Int; var facet: String; var city_id: Int; var published_at: Date; var terms: String }
            return try await db.sql.raw("""
                SELECT d.id, d.facet, d.city_id, d.published_at, CAST(d.terms AS TEXT) AS terms FROM search_entries d
                WHERE \(which) ORDER BY d.id \(bound)
                """).all(decoding: Row.self).map {
                let (terms, length) = StoredTerms.fromTsvector($0.terms)
                return .init(id: $0.id, facet: $0.facet, cityID: $0.city_id, publishedAt: Int64($0.published_at.timeIntervalSince1970.rounded(.down)), terms: terms, length: length)
            }
        }
        struct Row: Decodable { var id: Int; var facet: String; var city_id: Int; var published_at: Date; var title: String; var summary: String; var tags: String; var body: String }
        return try await db.sql.raw("""
            SELECT d.id, d.facet, d.city_id, d.published_at, t.title, t.summary, t.tags, t.body
            FROM search_entries d JOIN search_terms t ON t.rowid = d.id WHERE \(which) ORDER BY d.id \(bound)
            """).all(decoding: Row.self).map {
            let (terms, length) = StoredTerms.fromColumns([$0.title, $0.summary, $0.tags, $0.body])
            return .init(id: $0.id, facet: $0.facet, cityID: $0.city_id, publishedAt: Int64($0.published_at.timeIntervalSince1970.rounded(.down)), terms: terms, length: length)
        }
    }

    /// What results show of the entries with these ids, in the order given, each with its score.
    func hits(_ ranked: [LibrarySearch.Hit]) async throws -> [HitRow] {
        guard !ranked.isEmpty else { return [] }
        struct Row: Decodable { var id: Int; var kind: String; var ref_id: Int; var city_id: Int; var area: String; var language: String; var published_at: Date; var title: String; var summary: String }
        let rows = Dictionary(uniqueKeysWithValues: try await db.sql.raw("""
            SELECT id, kind, ref_id, city_id, area, language, published_at, title, summary FROM search_entries WHERE id IN (\(binds: ranked.map(\.id)))
            """).all(decoding: Row.self).map { ($0.id, $0) })
        return ranked.compactMap { hit in
            rows[hit.id].map { HitRow(kind: $0.kind, ref_id: $0.ref_id, city_id: $0.city_id, area: $0.area, language: $0.language,
                                      published_at: $0.published_at, title: $0.title, summary: $0.summary, rank: hit.score) }
        }
    }

    /// The cities of a network's confirmed members.
    func memberCities(of network: String) async throws -> Set<Int> {
        struct Row: Decodable { var city_id: Int }
        return Set(try await db.sql.raw("""
            SELECT city_id FROM memberships WHERE network_id = \(bind: network) AND confirmed_at IS NOT NULL
            """).all(decoding: Row.self).map(\.city_id))
    }

    struct HitRow: Decodable {
        var kind: String
        var ref_id: Int
        var city_id: Int
        var area: String
        var language: String
        var published_at: Date
        var title: String
        var summary: String
        var rank: Double
    }
}

/// What the search index holds.
enum SearchKind: String, WireValue, Codable {
    static let wireName = "kind of result", defaultField = "kind"

    case practice, question
}

/// A search: words in any language, filters, and where the page starts.
struct SearchQuery {
    var text = ""
    var kind: SearchKind?
    var area: PolicyArea?
    var country: String?
    var cityID: Int?
    var networkID: String?
    var language: String?
    var size: CitySize?
    var publishedFrom: Date?
    var publishedBefore: Date?
    var offset = 0
    var limit = 20
}

/// What a search found, before it is dressed for the wire.
struct SearchResults {
    var hits: [SearchIndex.HitRow]
    var more: Bool
    var total: Int
    /// Matches per value of each filter, by position (0 kind, 1 area, 2 language, 3 country, 4 size).
    var valueCounts: [[String: Int]]

    /// Matches per value of one filter, largest first.
    func counts(_ position: Int) -> [(String, Int)] {
        guard position < valueCounts.count else { return [] }
        return valueCounts[position].sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }
}
