import AmityCore
import Fluent
import Foundation
import SQLKit

/// Full-text search over practices and questions, in every language, with one interface over
/// SQLite's FTS5 and PostgreSQL's tsvector and GIN index. Both are fed the terms `SearchText`
/// cuts, so the two databases find the same things.
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
    }

    /// Adds or replaces the entry of `entry.kind` number `entry.refID`.
    func put(_ entry: Entry) async throws {
        try await remove(entry.kind, entry.refID)
        guard let city = try await City.find(entry.cityID, on: db) else { throw DomainError.notFound(entity: "city", id: String(entry.cityID)) }
        let row = SearchEntryRecord()
        (row.kind, row.refID, row.cityID, row.countryCode) = (entry.kind.rawValue, entry.refID, entry.cityID, city.countryCode)
        (row.citySize, row.area, row.language, row.publishedAt) = (CitySize(population: city.population).rawValue, entry.area, entry.language, entry.publishedAt)
        (row.title, row.summary) = (entry.title, String(entry.summary.prefix(400)))
        try await row.create(on: db)
        let id = try row.requireID()
        if isPostgres {
            try await db.sql.raw("UPDATE search_entries SET terms = CAST(\(bind: entry.document.tsvectorLiteral) AS tsvector) WHERE id = \(bind: id)").run()
        } else {
            let columns = entry.document.fts5Columns
            try await db.sql.raw("""
                INSERT INTO search_terms(rowid, title, summary, tags, body)
                VALUES (\(bind: id), \(bind: columns[0]), \(bind: columns[1]), \(bind: columns[2]), \(bind: columns[3]))
                """).run()
        }
    }

    /// Takes an entry out (a practice retired, a question withdrawn).
    func remove(_ kind: SearchKind, _ refID: Int) async throws {
        guard let row = try await SearchEntryRecord.query(on: db).filter(\.$kind == kind.rawValue).filter(\.$refID == refID).first() else { return }
        if !isPostgres { try await db.sql.raw("DELETE FROM search_terms WHERE rowid = \(bind: try row.requireID())").run() }
        try await row.delete(on: db)
    }

    // MARK: Searching

    /// One page of ranked results, the total, and counts per filter value over every match.
    func search(_ query: SearchQuery) async throws -> SearchResults {
        let terms = SearchText.queryTerms(query.text)
        var conditions: [SQLQueryString] = []
        var from: SQLQueryString = "search_entries d"
        let rank: SQLQueryString
        if terms.isEmpty {
            rank = "CAST(0 AS DOUBLE PRECISION)"
        } else if isPostgres {
            conditions.append("d.terms @@ CAST(\(bind: terms.tsqueryLiteral) AS tsquery)")
            rank = "CAST(ts_rank(d.terms, CAST(\(bind: terms.tsqueryLiteral) AS tsquery)) AS DOUBLE PRECISION)"
        } else {
            from = "search_terms JOIN search_entries d ON d.id = search_terms.rowid"
            conditions.append("search_terms MATCH \(bind: terms.fts5Match)")
            // bm25 is better when lower; negate it so both databases sort rank descending.
            rank = "-bm25(search_terms, 8.0, 3.0, 3.0, 1.0)"
        }
        if let kind = query.kind { conditions.append("d.kind = \(bind: kind.rawValue)") }
        if let area = query.area { conditions.append("d.area = \(bind: area.rawValue)") }
        if let country = query.country { conditions.append("d.country_code = \(bind: country)") }
        if let city = query.cityID { conditions.append("d.city_id = \(bind: city)") }
        if let size = query.size { conditions.append("d.city_size = \(bind: size.rawValue)") }
        if let language = query.language { conditions.append("d.language = \(bind: language)") }
        if let start = query.publishedFrom { conditions.append("d.published_at >= \(bind: start)") }
        if let end = query.publishedBefore { conditions.append("d.published_at < \(bind: end)") }
        if let network = query.networkID {
            conditions.append("d.city_id IN (SELECT city_id FROM memberships WHERE network_id = \(bind: network))")
        }
        let filter: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order: SQLQueryString = terms.isEmpty ? "d.published_at DESC, d.id DESC" : "rank DESC, d.id DESC"
        let hits = try await db.sql.raw("""
            SELECT d.kind, d.ref_id, d.city_id, d.area, d.language, d.published_at, d.title, d.summary, \(rank) AS rank
            FROM \(from) \(filter) ORDER BY \(order) LIMIT \(unsafeRaw: String(query.limit + 1)) OFFSET \(unsafeRaw: String(query.offset))
            """).all(decoding: HitRow.self)
        let groups = try await db.sql.raw("""
            SELECT d.kind, d.area, d.language, d.country_code, d.city_size, COUNT(*) AS n
            FROM \(from) \(filter) GROUP BY d.kind, d.area, d.language, d.country_code, d.city_size
            """).all(decoding: FacetRow.self)
        return SearchResults(hits: Array(hits.prefix(query.limit)), more: hits.count > query.limit, groups: groups)
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

    struct FacetRow: Decodable {
        var kind: String
        var area: String
        var language: String
        var country_code: String
        var city_size: String
        var n: Int
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
    var groups: [SearchIndex.FacetRow]

    var total: Int { groups.reduce(0) { $0 + $1.n } }

    /// Matches per value of one filter, largest first.
    func counts(_ value: (SearchIndex.FacetRow) -> String) -> [(String, Int)] {
        var counts: [String: Int] = [:]
        for group in groups where !value(group).isEmpty { counts[value(group), default: 0] += group.n }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }
}
