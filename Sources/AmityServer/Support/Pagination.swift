import AmityCore
import Fluent
import Vapor

/// One page of a list, and the token for the next one (absent on the last page).
struct CursorPage<Item: Content>: Content {
    var items: [Item]
    var nextCursor: String?
}

/// The query parameters every list accepts: `limit` and `cursor`.
struct PageQuery: Content {
    var limit: Int?
    var cursor: String?
}

extension Request {
    /// Reads `limit` and `cursor` for a list whose keyset has the given shape.
    func pageRequest(shape: [Cursor.Kind]) throws -> Paging {
        let query: PageQuery
        do { query = try self.query.decode(PageQuery.self) } catch {
            throw DomainError.invalid("limit", "limit must be a whole number between 1 and \(Paging.maximumLimit).")
        }
        return try Paging(limit: query.limit, cursor: query.cursor, shape: shape)
    }
}

extension Paging {
    /// Cuts a result fetched with `limit + 1` rows into a page, making the cursor from the last row kept.
    ///
    /// `items` turns the kept rows into wire items, in order; it may query once for all of them
    /// (names, counts, related records) rather than once per row.
    func page<Row, Item>(
        _ rows: [Row], key: (Row) -> [Cursor.Value], items: ([Row]) async throws -> [Item]
    ) async rethrows -> CursorPage<Item> {
        let kept = Array(rows.prefix(limit))
        let next = rows.count > limit ? kept.last.map { Cursor(key: key($0)).token } : nil
        return CursorPage(items: try await items(kept), nextCursor: next)
    }
}

extension Paging {
    /// One page of a list ordered newest first by its whole-number `id`, the order of every log
    /// and board (audit entries, needs, offers, pledges); `query` brings the filters.
    func newestFirst<M: Model, Item>(_ query: QueryBuilder<M>, items: ([M]) async throws -> [Item]) async throws -> CursorPage<Item>
    where M.IDValue == Int {
        if let before = cursor?.key[0].int {
            query.filter(.extendedPath(["id"], schema: M.schemaOrAlias, space: M.spaceIfNotAliased), .lessThan, .bind(before))
        }
        let rows = try await query.sort("id", .descending).limit(limit + 1).all()
        return try await page(rows, key: { [.int($0.id ?? 0)] }, items: items)
    }
}

extension Request {
    /// This page's address with `cursor` set to the next page's and its other (non-empty) query
    /// parameters kept; nil on the last page.
    func nextPageLink(_ cursor: String?) -> String? {
        guard let cursor else { return nil }
        var components = URLComponents(string: url.string) ?? URLComponents()
        components.queryItems = (components.queryItems ?? []).filter { $0.name != "cursor" && !($0.value ?? "").isEmpty }
            + [URLQueryItem(name: "cursor", value: cursor)]
        return components.string
    }
}
