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

    /// A query matching more entries than this ranks the entries whose title matches before the
    /// others: ranking every match of a word found in half the library at once costs more than a
    /// reader waits, and title matches rank first anyway (titles weigh most). Totals and counts
    /// stay exact, and pages follow one order.
    var broadQuery = 5_000

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
                UPDATE search_entries SET terms = CAST(\(bind: entry.document.tsvectorLiteral) AS tsvector),
                  title_terms = CAST(\(bind: entry.document.titleTsvectorLiteral) AS tsvector) WHERE id = \(bind: id)
                """).run()
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
        let filters = Self.filters(query)
        let groups = try await db.sql.raw("""
            SELECT d.facet, COUNT(*) AS n FROM \(source(terms)) \(Self.whereClause(match(terms, .all) + filters)) GROUP BY d.facet
            """).all(decoding: FacetRow.self)
        let total = groups.reduce(0) { $0 + $1.n }
        guard !terms.isEmpty, total > broadQuery else {
            let hits = try await page(terms: terms, tier: .all, filters: filters, offset: query.offset, limit: query.limit + 1)
            return SearchResults(hits: Array(hits.prefix(query.limit)), more: hits.count > query.limit, total: total, groups: groups)
        }
        // A broad query: entries whose title matches, by rank, then the others, by rank.
        let inTitle = try await db.sql.raw("""
            SELECT COUNT(*) AS n FROM \(source(terms)) \(Self.whereClause(match(terms, .title) + filters))
            """).first(decoding: Count.self)?.n ?? 0
        var hits: [HitRow] = []
        if query.offset < inTitle {
            hits = try await page(terms: terms, tier: .title, filters: filters, offset: query.offset, limit: query.limit + 1)
        }
        if hits.count <= query.limit {
            hits += try await page(terms: terms, tier: .rest, filters: filters, offset: max(0, query.offset - inTitle), limit: query.limit + 1 - hits.count)
        }
        return SearchResults(hits: Array(hits.prefix(query.limit)), more: hits.count > query.limit, total: total, groups: groups)
    }

    /// Which matches a ranking covers.
    enum Tier { case all, title, rest }

    struct Count: Decodable { var n: Int }

    private func page(terms: [SearchText.QueryTerm], tier: Tier, filters: [SQLQueryString], offset: Int, limit: Int) async throws -> [HitRow] {
        let rank: SQLQueryString
        if terms.isEmpty {
            rank = "CAST(0 AS DOUBLE PRECISION)"
        } else if isPostgres {
            rank = "CAST(ts_rank(d.terms, CAST(\(bind: terms.tsqueryLiteral) AS tsquery)) AS DOUBLE PRECISION)"
        } else {
            // bm25 is better when lower; negate it so both databases sort rank descending.
            rank = "-bm25(search_terms, 8.0, 3.0, 3.0, 1.0)"
        }
        let order: SQLQueryString = terms.isEmpty ? "d.published_at DESC, d.id DESC" : "rank DESC, d.id DESC"
        return try await db.sql.raw("""
            SELECT d.kind, d.ref_id, d.city_id, d.area, d.language, d.published_at, d.title, d.summary, \(rank) AS rank
            FROM \(source(terms)) \(Self.whereClause(match(terms, tier) + filters))
            ORDER BY \(order) LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))
            """).all(decoding: HitRow.self)
    }

    private func source(_ terms: [SearchText.QueryTerm]) -> SQLQueryString {
        terms.isEmpty || isPostgres ? "search_entries d" : "search_terms JOIN search_entries d ON d.id = search_terms.rowid"
    }

    private func match(_ terms: [SearchText.QueryTerm], _ tier: Tier) -> [SQLQueryString] {
        guard !terms.isEmpty else { return [] }
        if isPostgres {
            let query: SQLQueryString = "CAST(\(bind: terms.tsqueryLiteral) AS tsquery)"
            return switch tier {
            case .all: ["d.terms @@ \(query)"]
            case .title: ["d.title_terms @@ \(query)"]
            case .rest: ["d.terms @@ \(query)", "NOT d.title_terms @@ \(query)"]
            }
        }
        let expression = switch tier {
        case .all: terms.fts5Match
        case .title: terms.fts5TitleMatch
        case .rest: "(" + terms.fts5Match + ") NOT " + terms.fts5TitleMatch
        }
        return ["search_terms MATCH \(bind: expression)"]
    }

    private static func filters(_ query: SearchQuery) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if let kind = query.kind { conditions.append("d.kind = \(bind: kind.rawValue)") }
        if let area = query.area { conditions.append("d.area = \(bind: area.rawValue)") }
        if let country = query.country { conditions.append("d.country_code = \(bind: country)") }
        if let city = query.cityID { conditions.append("d.city_id = \(bind: city)") }
        if let size = query.size { conditions.append("d.city_size = \(bind: size.rawValue)") }
        if let language = query.language { conditions.append("d.language = \(bind: language)") }
        if let start = query.publishedFrom { conditions.append("d.published_at >= \(bind: start)") }
        if let end = query.publishedBefore { conditions.append("d.published_at < \(bind: end)") }
        if let network = query.networkID {
            conditions.append("d.city_id IN (SELECT city_id FROM memberships WHERE network_id = \(bind: network) AND confirmed_at IS NOT NULL)")
        }
        return conditions
    }

    private static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
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

    /// How many matches share one combination of kind, area, language, country and size.
    struct FacetRow: Decodable {
        var facet: String
        var n: Int

        /// The value of one filter: 0 kind, 1 area, 2 language, 3 country, 4 size.
        func value(_ position: Int) -> String {
            let parts = facet.split(separator: "|", omittingEmptySubsequences: false)
            return position < parts.count ? String(parts[position]) : ""
        }
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
    var groups: [SearchIndex.FacetRow]

    /// Matches per value of one filter (by its position in the facet key), largest first.
    func counts(_ position: Int) -> [(String, Int)] {
        var counts: [String: Int] = [:]
        for group in groups {
            let value = group.value(position)
            if !value.isEmpty { counts[value, default: 0] += group.n }
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }
}
