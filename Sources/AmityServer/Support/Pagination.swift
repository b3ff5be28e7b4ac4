import AmityCore
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
