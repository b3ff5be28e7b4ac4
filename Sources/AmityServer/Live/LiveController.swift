import AmityCore
import Fluent
import Vapor

/// `/api/v1/live` (server-sent events), `/api/v1/live/entries`, and a person's follows and feed.
struct LiveController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("live", use: stream)
        routes.get("live", "entries", use: entries)
        let me = routes.grouped("me")
        me.get("follows") { req in try await Follows(request: req).topics() }
        me.post("follows", use: follow)
        me.delete("follows", ":topic") { req in try await Follows(request: req).unfollow(req.parameters.get("topic") ?? "") }
        me.get("feed") { req in try await Follows(request: req).feed(page: try req.pageRequest(shape: LiveFeed.cursorShape)) }
    }

    struct FollowInput: Content { var topic: String }

    @Sendable func follow(req: Request) async throws -> Response {
        try await Follows(request: req).follow(try req.decodeBody(FollowInput.self).topic).encodeResponse(status: .created, for: req)
    }

    struct EntriesQuery: Content {
        var topic: String?
        var after: Int?
    }

    /// The newest entries (or those after `after`, oldest first), of some topics or all.
    @Sendable func entries(req: Request) async throws -> CursorPage<LiveEntryDTO> {
        let query = try Self.decode(req)
        return try await LiveFeed.page(on: req.db, topics: try Self.topics(query.topic), after: query.after,
                                       page: try req.pageRequest(shape: LiveFeed.cursorShape), in: req.language, catalogue: req.application.catalogue)
    }

    /// Server-sent events: every new entry of the chosen topics (`topic=city:1,area:…`), from
    /// now or after `Last-Event-ID`, with a comment every 15 seconds to keep proxies open.
    @Sendable func stream(req: Request) async throws -> Response {
        let query = try Self.decode(req)
        let topics = try Self.topics(query.topic)
        let resumeFrom = req.headers.first(name: "Last-Event-ID").flatMap(Int.init) ?? query.after
        var start = resumeFrom ?? 0
        if resumeFrom == nil { start = try await LiveFeed.latestID(on: req.db) }
        let hub = req.application.liveHub, db = req.application.db, first = start
        let wanted = Set(topics.map(\.text))
        let (id, batches) = try hub.join(address: req.clientNetwork, database: db)
        let response = Response(status: .ok)
        response.headers.contentType = HTTPMediaType(type: "text", subType: "event-stream", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        response.body = .init(managedAsyncStream: { writer in
            defer { hub.leave(id) }
            try await writer.write(.buffer(ByteBuffer(string: "retry: 3000\n: connected\n\n")))
            // `last` is the newest entry this stream has seen, whether or not it was one of its topics.
            var last = first
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            let (language, catalogue) = (req.language, req.application.catalogue)
            func send(_ rows: [LiveEntryRecord], cities: [Int: CityRefDTO]? = nil) async throws {
                var known = cities ?? [:]
                if cities == nil { known = try await LiveWording.cities(for: rows, on: db) }
                let wording = LiveWording(language: language, catalogue: catalogue, cities: known)
                let entries = rows.map { LiveEntryDTO($0, wording) }
                var text = ""
                for entry in entries where entry.id > last {
                    if wanted.isEmpty || !wanted.isDisjoint(with: entry.topics) {
                        text += "id: \(entry.id)\ndata: " + String(decoding: try encoder.encode(entry), as: UTF8.self) + "\n\n"
                    }
                    last = entry.id
                }
                if !text.isEmpty { try await writer.write(.buffer(ByteBuffer(string: text))) }
            }
            // This stream's own reads: once at the start, and after it missed a batch.
            func catchUp() async throws {
                while true {
                    let fresh = try await LiveFeed.entries(on: db, topics: [], after: last, limit: 200)
                    try await send(fresh)
                    if fresh.count < 200 { return }
                }
            }
            try await catchUp()
            for await batch in batches {
                guard let after = batch.after else {
                    try await writer.write(.buffer(ByteBuffer(string: ": ping\n\n")))
                    continue
                }
                if after > last { try await catchUp() } else { try await send(batch.entries, cities: batch.cities) }
            }
        })
        return response
    }

    static func decode(_ req: Request) throws -> EntriesQuery {
        do { return try req.query.decode(EntriesQuery.self) } catch {
            throw DomainError.invalid("after", "after must be the whole-number id of an entry.")
        }
    }

    /// Topics from a comma-separated list; none means everything.
    static func topics(_ text: String?) throws -> [LiveTopic] {
        let parts = (text ?? "").split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard parts.count <= 50 else { throw DomainError.invalid("topic", "Ask for at most 50 topics at once.") }
        return try parts.map { try LiveTopic(parsing: $0) }
    }
}

/// Atom feeds: everything, a city, a network, an area (`/feeds/live.atom`, `/feeds/cities/ID.atom`, …).
struct LiveFeeds: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let feeds = routes.grouped("feeds").grouped(PublicPageMiddleware())
        feeds.get("live.atom") { req in try await atom(req, topic: nil, title: "Amity · live") }
        feeds.get("cities", ":file") { req in
            let id = try Self.name(req, entity: "city")
            guard let cityID = Int(id), let city = try await City.find(cityID, on: req.db) else { throw DomainError.notFound(entity: "city", id: id) }
            return try await atom(req, topic: .city(cityID), title: "Amity · \(city.name)")
        }
        feeds.get("networks", ":file") { req in
            let id = try Self.name(req, entity: "network")
            guard let network = try await Network.find(id, on: req.db) else { throw DomainError.notFound(entity: "network", id: id) }
            return try await atom(req, topic: .network(id), title: "Amity · \(network.shortName)")
        }
        feeds.get("areas", ":file") { req in
            let name = try Self.name(req, entity: "area")
            guard let area = PolicyArea(rawValue: name) else { throw DomainError.notFound(entity: "area", id: name) }
            return try await atom(req, topic: .area(area), title: "Amity · \(area.title)")
        }
    }

    /// The name in `NAME.atom` (or another suffix).
    static func name(_ req: Request, entity: String, suffix: String = ".atom") throws -> String {
        let file = req.parameters.get("file") ?? ""
        guard file.hasSuffix(suffix), file.count > suffix.count else { throw DomainError.notFound(entity: entity, id: file) }
        return String(file.dropLast(suffix.count))
    }

    /// This site's address for links in feeds and calendars: the configured `AMITY_PUBLIC_URL`,
    /// never the request's `Host`, which a caller chooses (and a shared cache would keep).
    static func baseURL(_ req: Request) -> String { req.application.amity.publicURL }

    func atom(_ req: Request, topic: LiveTopic?, title: String) async throws -> Response {
        let entries = try await LiveFeed.entries(on: req.db, topics: topic.map { [$0] } ?? [])
        let wording = try await LiveWording.make(for: entries, in: req.language, catalogue: req.application.catalogue, on: req.db)
        let feed = AtomFeed(title: title, selfPath: req.url.path, baseURL: Self.baseURL(req), entries: entries.map { LiveEntryDTO($0, wording) })
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: feed.xml()))
    }
}
