import AmityCore
import Fluent
import Vapor

/// One page of a list, and the token for the next one (absent on the last page).
struct CursorPage<Item: Content>: Content {
    var items: [Item]
    var nextCursor: String?

    init(items: [Item], nextCursor: String? = nil) {
        self.items = items
        self.nextCursor = nextCursor
    }
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
        let (kept, next) = cut(rows, key: key)
        return CursorPage(items: try await items(kept), nextCursor: next)
    }

    /// The rows a page keeps out of the `limit + 1` fetched, and the cursor of the next page.
    func cut<Row>(_ rows: [Row], key: (Row) -> [Cursor.Value]) -> (kept: [Row], nextCursor: String?) {
        let kept = Array(rows.prefix(limit))
        return (kept, rows.count > limit ? kept.last.map { Cursor(key: key($0)).token } : nil)
    }
}

/// A `CursorPage` whose items were encoded to JSON beforehand (the cities, when the gazetteer
/// loads): the same document, joined instead of encoded.
struct EncodedCursorPage: AsyncResponseEncodable {
    var items: [ByteBuffer]
    var nextCursor: String?

    func encodeResponse(for request: Request) async throws -> Response {
        var body = ByteBuffer()
        body.writeStaticString(#"{"items":["#)
        for (index, var item) in items.enumerated() {
            if index > 0 { body.writeStaticString(",") }
            body.writeBuffer(&item)
        }
        body.writeStaticString("]")
        // A cursor token is base64url: nothing in it needs escaping in a JSON string.
        if let nextCursor { body.writeString(#","nextCursor":""# + nextCursor + "\"") }
        body.writeStaticString("}")
        let response = Response(status: .ok, body: .init(buffer: body))
        response.headers.contentType = .json
        return response
    }
}

extension Paging {
    /// The shape of the cursor of a list ordered by whole-number `id`.
    static let idShape: [Cursor.Kind] = [.int]

    /// One page of a list ordered newest first by its whole-number `id`, the order of every log
    /// and board (audit entries, needs, offers, pledges); `query` brings the filters.
    func newestFirst<M: Model, Item>(_ query: QueryBuilder<M>, items: ([M]) async throws -> [Item]) async throws -> CursorPage<Item>
    where M.IDValue == Int {
        try await byID(query, ascending: false, items: items)
    }

    /// One page of a list ordered oldest first by `id`: a queue, served in the order it filled.
    func oldestFirst<M: Model, Item>(_ query: QueryBuilder<M>, items: ([M]) async throws -> [Item]) async throws -> CursorPage<Item>
    where M.IDValue == Int {
        try await byID(query, ascending: true, items: items)
    }

    private func byID<M: Model, Item>(_ query: QueryBuilder<M>, ascending: Bool, items: ([M]) async throws -> [Item]) async throws -> CursorPage<Item>
    where M.IDValue == Int {
        if let last = cursor?.key[0].int {
            query.filter(.extendedPath(["id"], schema: M.schemaOrAlias, space: M.spaceIfNotAliased), ascending ? .greaterThan : .lessThan, .bind(last))
        }
        let rows = try await query.sort("id", ascending ? .ascending : .descending).limit(limit + 1).all()
        return try await page(rows, key: { [.int($0.id ?? 0)] }, items: items)
    }
}

extension Request {
    /// This page's address with `parameter` (`cursor` unless the page lists several things) set
    /// to the next page's cursor and its other (non-empty) query parameters kept; nil on the last page.
    func nextPageLink(_ cursor: String?, parameter: String = "cursor") -> String? {
        guard let cursor else { return nil }
        var components = URLComponents(string: url.string) ?? URLComponents()
        components.queryItems = (components.queryItems ?? []).filter { $0.name != parameter && !($0.value ?? "").isEmpty }
            + [URLQueryItem(name: parameter, value: cursor)]
        return components.string
    }

    /// The page of one of several lists a page shows, whose cursor travels as `parameter`.
    func pageRequest(shape: [Cursor.Kind], parameter: String, limit: Int = Paging.defaultLimit) throws -> Paging {
        try Paging(limit: limit, cursor: (try? query.get(String.self, at: parameter)).flatMap { $0.isEmpty ? nil : $0 }, shape: shape, field: parameter)
    }
}
