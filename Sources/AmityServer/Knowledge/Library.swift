import AmityCore
import Fluent
import Vapor

/// The library: search over published practices and questions, read from a request's query
/// (`q`, `kind`, `area`, `country`, `city`, `network`, `language`, `size`, `from`, `until`).
struct Library {
    let request: Request

    /// The query parameters a search accepts, as they arrive.
    struct Parameters: Content {
        var q: String?
        var kind: String?
        var area: String?
        var country: String?
        var city: Int?
        var network: String?
        var language: String?
        var size: String?
        var from: String?
        var until: String?
    }

    static let shape: [Cursor.Kind] = [.int]
    /// The deepest a reader can page into one search; past it, a narrower query serves better.
    static let maximumOffset = 10_000

    func search() async throws -> SearchResultsDTO {
        let parameters: Parameters
        do { parameters = try request.query.decode(Parameters.self) } catch {
            throw DomainError.invalid("city", "city must be a whole number (a city's id).")
        }
        var query = try Self.query(parameters)
        let page = try request.pageRequest(shape: Self.shape)
        query.limit = page.limit
        let offset = page.cursor?.key[0].int ?? 0
        // Cursors are tokens this server made, but a client can forge one: an offset outside what a
        // page can reach is refused, never handed to arithmetic or to SQL.
        guard (0...Self.maximumOffset).contains(offset) else {
            throw DomainError.invalid("cursor", "The cursor is not one this list gave out; start again without it.")
        }
        query.offset = offset
        let results = try await request.application.libraryCache.search(query, on: request.db)
        let cities = try await request.directory.cityRefs(ids: results.hits.map(\.city_id))
        func facet(_ position: Int) -> [FacetCount] { results.counts(position).map { FacetCount(value: $0.0, count: $0.1) } }
        return SearchResultsDTO(
            total: results.total,
            items: results.hits.map {
                SearchHitDTO(kind: $0.kind, id: $0.ref_id, title: $0.title, summary: $0.summary, city: cities[$0.city_id], area: $0.area.nilIfEmpty,
                             language: $0.language, publishedAt: $0.published_at, score: $0.rank)
            },
            facets: FacetsDTO(kind: facet(0), area: facet(1), language: facet(2), country: facet(3), size: facet(4)),
            nextCursor: results.more ? Cursor(key: [.int(query.offset + query.limit)]).token : nil)
    }

    /// Checks every parameter, reporting all that are wrong at once.
    static func query(_ p: Parameters) throws -> SearchQuery {
        var query = SearchQuery(text: String((p.q ?? "").prefix(200)))
        var errors: [DomainError.FieldError] = []
        func read<T>(_ make: () throws -> T) -> T? {
            do { return try make() } catch let DomainError.invalid(fields) { errors += fields; return nil } catch { return nil }
        }
        query.kind = p.kind?.nilIfEmpty.flatMap { k in read { try SearchKind(parsing: k) } }
        query.area = p.area?.nilIfEmpty.flatMap { a in read { try PolicyArea(parsing: a) } }
        query.country = p.country?.nilIfEmpty.flatMap { c in read { try CountryCode(c).rawValue } }
        query.language = p.language?.nilIfEmpty.flatMap { l in read { try LanguageCode(l, field: "language").rawValue } }
        query.size = p.size?.nilIfEmpty.flatMap { s in read { try CitySize(parsing: s) } }
        query.cityID = p.city
        query.networkID = p.network?.nilIfEmpty
        query.publishedFrom = p.from?.nilIfEmpty.flatMap { d in read { try CalendarDay.parse(d, field: "from") } }
        query.publishedBefore = p.until?.nilIfEmpty.flatMap { d in read { try CalendarDay.parse(d, field: "until").addingTimeInterval(86_400) } }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        return query
    }
}
