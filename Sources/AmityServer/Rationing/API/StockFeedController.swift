import AmityCore
import Vapor

/// The open stock feeds of a programme (spec §4), for anyone, from memory (`StockFeeds`):
/// `/api/v1/rationing/programmes/{programme}/feeds/…`, each with an entity tag, gzip when asked
/// for, and open to every origin. Test outlets are never in them.
struct StockFeedController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let feeds = routes.grouped("rationing", "programmes", ":programme", "feeds")
        feeds.get("maskdata.csv") { req in try await Self.file(req, \.taiwan) }
        feeds.get("stock.csv") { req in try await Self.file(req, \.extended) }
        feeds.get("stock.geojson") { req in try await Self.file(req, \.geoJSON) }
        let korea = feeds.grouped("corona19-masks", "v1")
        korea.get("stores", "json", use: stores)
        korea.get("sales", "json", use: sales)
        korea.get("storesByGeo", "json", use: storesByGeo)
        korea.get("storesByAddr", "json", use: storesByAddr)
    }

    @Sendable func stores(req: Request) async throws -> Response {
        let (page, perPage) = try Self.page(req)
        return try await Self.answer(req) { korea, buffer in korea.storesPage(page: page, perPage: perPage, into: buffer) }
    }

    @Sendable func sales(req: Request) async throws -> Response {
        let (page, perPage) = try Self.page(req)
        return try await Self.answer(req) { korea, buffer in korea.salesPage(page: page, perPage: perPage, into: buffer) }
    }

    /// The outlets within `m` metres (1 to 5,000; 1,000 unless said) of `lat`, `lng`, nearest first.
    @Sendable func storesByGeo(req: Request) async throws -> Response {
        var errors: [DomainError.FieldError] = []
        let latitude = Self.degrees(req, "lat", within: 90, errors: &errors), longitude = Self.degrees(req, "lng", within: 180, errors: &errors)
        let metres = Self.number(req, "m", default: 1_000, range: 1...Int(KoreaMaskAPI.maxMetres), errors: &errors)
        guard errors.isEmpty, let latitude, let longitude else { throw DomainError.invalid(errors) }
        let centre = try Coordinate(latitude: latitude, longitude: longitude)
        return try await Self.answer(req) { korea, buffer in korea.near(centre, metres: Double(metres), into: buffer) }
    }

    /// The outlets whose address starts with `address`.
    @Sendable func storesByAddr(req: Request) async throws -> Response {
        let address = KoreaMaskAPI.words(req.query[String.self, at: "address"] ?? "")
        guard address.count >= 2, address.count <= 200 else { throw DomainError.invalid("address", key: "error_address_start") }
        return try await Self.answer(req) { korea, buffer in korea.at(address: address, into: buffer) }
    }

    private static func feeds(_ req: Request) async throws -> PublishedFeeds {
        let programme = try await req.programme()
        return try await req.application.stockFeeds.feeds(of: programme, app: req.application)
    }

    /// A whole feed file, or 304 when the reader holds it already.
    private static func file(_ req: Request, _ file: KeyPath<PublishedFeeds, FeedFile>) async throws -> Response {
        let feeds = try await feeds(req)
        let file = feeds[keyPath: file]
        let gzip = acceptsGzip(req.headers)
        var headers = headers(feeds, tag: gzip ? file.tag + "-gzip" : file.tag)
        headers.add(name: .vary, value: "Accept-Encoding")
        if isHeld(req.headers, tags: [file.tag, file.tag + "-gzip"]) { return Response(status: .notModified, headers: headers) }
        headers.contentType = file.type
        if gzip { headers.add(name: .contentEncoding, value: "gzip") }
        return Response(status: .ok, headers: headers, body: .init(buffer: gzip ? file.gzipped : file.plain))
    }

    /// A question to Korea's API, answered from the snapshot, or 304 when the snapshot is the one the reader holds.
    private static func answer(_ req: Request, _ body: (KoreaMaskAPI, ByteBuffer) -> ByteBuffer) async throws -> Response {
        let feeds = try await feeds(req)
        var headers = headers(feeds, tag: feeds.tag)
        if isHeld(req.headers, tags: [feeds.tag]) { return Response(status: .notModified, headers: headers) }
        headers.add(name: .contentType, value: "application/json; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(buffer: body(feeds.korea, req.byteBufferAllocator.buffer(capacity: 4_096))))
    }

    private static func headers(_ feeds: PublishedFeeds, tag: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: .eTag, value: "\"\(tag)\"")
        headers.add(name: .accessControlAllowOrigin, value: "*")
        headers.add(name: "Access-Control-Expose-Headers", value: "ETag, Amity-Snapshot")
        headers.add(name: .cacheControl, value: "public, max-age=5")
        headers.add(name: .lastModified, value: feeds.lastModified)
        headers.add(name: "Amity-Snapshot", value: feeds.cutHeader)
        return headers
    }

    /// Whether `If-None-Match` names one of `tags` (weak comparison, RFC 9110 §13.1.2), or is `*`.
    static func isHeld(_ headers: HTTPHeaders, tags: [String]) -> Bool {
        headers[.ifNoneMatch].flatMap { $0.split(separator: ",") }.contains { candidate in
            var text = candidate.trimmingCharacters(in: .whitespaces)
            if text == "*" { return true }
            if text.hasPrefix("W/") { text.removeFirst(2) }
            return text.count >= 2 && text.first == "\"" && text.last == "\"" && tags.contains(String(text.dropFirst().dropLast()))
        }
    }

    /// Whether `Accept-Encoding` takes gzip (not with `q=0`).
    static func acceptsGzip(_ headers: HTTPHeaders) -> Bool {
        headers[.acceptEncoding].flatMap { $0.split(separator: ",") }.contains { coding in
            let parts = coding.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let name = parts.first, name == "gzip" || name == "x-gzip" else { return false }
            // `q=0` (or 0.0, 0.000) refuses it; a weight that is not a number is ignored.
            return !parts.dropFirst().contains { parameter in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return pair.count == 2 && pair[0] == "q" && Double(pair[1]) == 0
            }
        }
    }

    private static func page(_ req: Request) throws -> (page: Int, perPage: Int) {
        var errors: [DomainError.FieldError] = []
        let page = number(req, "page", default: 1, range: 1...1_000_000, errors: &errors)
        let perPage = number(req, "perPage", default: 500, range: 1...KoreaMaskAPI.maxPerPage, errors: &errors)
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        return (page, perPage)
    }

    private static func number(_ req: Request, _ name: String, default value: Int, range: ClosedRange<Int>, errors: inout [DomainError.FieldError]) -> Int {
        guard let text = req.query[String.self, at: name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            errors.append(.init(field: name, key: "error_number_range", ["min": "\(range.lowerBound)", "max": Amount.grouped(Int64(range.upperBound))]))
            return value
        }
        return number
    }

    private static func degrees(_ req: Request, _ name: String, within limit: Double, errors: inout [DomainError.FieldError]) -> Double? {
        guard let text = req.query[String.self, at: name], let value = Double(text), value.isFinite, abs(value) <= limit else {
            errors.append(.init(field: name, key: "error_degrees", ["min": "-\(Int(limit))", "max": "\(Int(limit))"]))
            return nil
        }
        return value
    }
}
