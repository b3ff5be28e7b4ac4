import AmityCore
import Fluent
import Vapor

/// The live page (which updates itself from `/api/v1/live`) and a person's own feed and follows.
struct LivePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("live", use: live)
        routes.get("feed", use: feed)
        routes.post("follows", use: follow)
        routes.post("follows", "remove", use: unfollow)
    }

    /// `at` is the ISO instant for `<time datetime>`; `when` the same instant for `#dayTime`.
    struct EntryView: Encodable { var id: Int; var kind: String; var title: String; var summary: String; var link: String; var at: String; var when: Date }

    struct LiveContext: Encodable {
        var chrome: PageChrome
        var entries: [EntryView]
        var next: String?
        var topic: String
        var feed: String
    }

    static func views(_ entries: [LiveEntryDTO], _ req: Request) -> [EntryView] {
        entries.map { EntryView(id: $0.id, kind: req.word("live_kind", $0.kind), title: $0.title, summary: $0.summary,
                                link: $0.link, at: AtomFeed.timestamp($0.at), when: $0.at) }
    }

    @Sendable func live(req: Request) async throws -> Response {
        let topic = (try? req.query.get(String.self, at: "topic")) ?? ""
        let topics = try LiveController.topics(topic)
        let feed = switch topics.first {
        case .city(let id)?: "/feeds/cities/\(id).atom"
        case .network(let id)?: "/feeds/networks/\(id).atom"
        case .area(let area)?: "/feeds/areas/\(area.rawValue).atom"
        default: "/feeds/live.atom"
        }
        let page = try await LiveFeed.page(on: req.db, topics: topics, page: try req.pageRequest(shape: LiveFeed.cursorShape),
                                           in: req.language, catalogue: req.application.catalogue)
        return try await req.render("Live/live", LiveContext(
            chrome: PageChrome(request: req, title: req.t("live_title"), alternates: [.atom(feed, req.t("live_title"))]),
            entries: Self.views(page.items, req), next: req.nextPageLink(page.nextCursor), topic: topic, feed: feed))
    }

    struct FeedContext: Encodable {
        var chrome: PageChrome
        var entries: [EntryView]
        var next: String?
        var topics: [String]
        var form: FormState
    }

    @Sendable func feed(req: Request) async throws -> Response { try await renderFeed(req, form: FormState()) }

    func renderFeed(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        try req.requireSignedIn()
        let follows = Follows(request: req)
        let page = try await follows.feed(page: try req.pageRequest(shape: LiveFeed.cursorShape))
        return try await req.render("Live/feed", FeedContext(
            chrome: PageChrome(request: req, title: req.t("feed_title")),
            entries: Self.views(page.items, req), next: req.nextPageLink(page.nextCursor), topics: try await follows.topics(), form: form), status: status)
    }

    struct TopicForm: Content { var topic: String; var back: String? }

    @Sendable func follow(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let f = try req.decodeBody(TopicForm.self)
        do {
            _ = try await Follows(request: req).follow(f.topic)
            return req.redirect(to: f.back.map { localPath($0) + "?notice=followed" } ?? "/feed?notice=followed")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["topic": f.topic])
            return try await renderFeed(req, form: form, status: status)
        }
    }

    @Sendable func unfollow(req: Request) async throws -> Response {
        try req.requireSignedIn()
        _ = try await Follows(request: req).unfollow(try req.decodeBody(TopicForm.self).topic)
        return req.redirect(to: "/feed?notice=unfollowed")
    }
}
