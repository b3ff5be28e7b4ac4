import AmityCore
import Crypto
import NIOConcurrencyHelpers
import Vapor

/// Pages that read the same for every visitor who is not signed in (a city, a network, a
/// partnership; the Atom feeds and calendars), kept rendered per address and language for a few
/// seconds.
///
/// Any write this instance serves, and any piece of background work it does, forgets them all at
/// once; what another instance or an `amity` command writes shows within `lifetime`, the same
/// bound `Cache-Control` gives a CDN in front. Signed-in readers never touch the cache: their
/// pages carry their name, their forms and their CSRF token.
final class PublicPages: Sendable {
    struct Page: Sendable {
        var body: ByteBuffer
        var contentType: String
        var etag: String
        var expires: ContinuousClock.Instant
    }

    private struct Store {
        var pages: [String: Page] = [:]
        var bytes = 0
        /// Raised by every `forgetAll`.
        var generation = 0
    }

    /// How long a page is served before it is rendered again.
    let lifetime: Duration
    /// The most page bytes kept; past it the cache starts afresh.
    let budget: Int
    private let store = NIOLockedValueBox(Store())

    init(lifetime: Duration = .seconds(10), budget: Int = 64 * 1024 * 1024) {
        self.lifetime = lifetime
        self.budget = budget
    }

    /// The page stored under `key`, while it is fresh.
    func page(_ key: String) -> Page? {
        store.withLockedValue { store in
            guard let page = store.pages[key] else { return nil }
            return page.expires > .now ? page : nil
        }
    }

    /// The generation a page rendered from now on belongs to.
    var generation: Int { store.withLockedValue { $0.generation } }

    /// Keeps `body` under `key` for `lifetime`, unless something was forgotten since the page
    /// began rendering in `generation` (it may show what a write has since changed).
    func keep(_ key: String, body: ByteBuffer, contentType: String, renderedIn generation: Int) -> Page {
        let page = Page(body: body, contentType: contentType, etag: Self.etag(of: body), expires: .now + lifetime)
        store.withLockedValue { store in
            guard store.generation == generation else { return }
            if store.bytes + body.readableBytes > budget { store = Store(generation: store.generation) }
            store.bytes += body.readableBytes - (store.pages[key]?.body.readableBytes ?? 0)
            store.pages[key] = page
        }
        return page
    }

    /// Forgets every page: something may have changed what they show.
    func forgetAll() {
        store.withLockedValue { $0 = Store(generation: $0.generation + 1) }
    }

    /// A strong validator: the same bytes give the same tag on every instance.
    static func etag(of body: ByteBuffer) -> String {
        "\"" + SHA256.hash(data: body.readableBytesView).prefix(12).hexDigits + "\""
    }
}

/// Serves the routes it guards from `PublicPages` to visitors who are not signed in, answers
/// `If-None-Match` with 304, and tells caches in front how long the page holds.
struct PublicPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET, request.signedIn == nil, request.headers[.authorization].isEmpty else {
            return try await next.respond(to: request)
        }
        let pages = request.application.publicPages
        let key = request.language.rawValue + " " + request.url.string
        if let page = pages.page(key) { return Self.response(page, to: request, lifetime: pages.lifetime) }
        let generation = pages.generation
        request.rendersSharedPage = true
        let response = try await next.respond(to: request)
        // Only a whole page that holds no form of this visitor's is shared with the next one.
        guard response.status == .ok, let body = response.body.buffer,
              let contentType = response.headers.first(name: .contentType), Self.sharedTypes.contains(where: contentType.hasPrefix),
              !Self.holdsAForm(body) else {
            return response
        }
        let page = pages.keep(key, body: body, contentType: contentType, renderedIn: generation)
        response.headers.replaceOrAdd(name: .eTag, value: page.etag)
        Self.describeCaching(response, lifetime: pages.lifetime)
        return response
    }

    /// What is shared: pages, Atom feeds and calendars.
    private static let sharedTypes = ["text/html", "application/atom+xml", "text/calendar"]
    private static let formToken = Array(#"name="csrf""#.utf8)

    /// Whether the page carries a CSRF token (a form of this visitor's). A plain scan: Foundation's
    /// generic `firstRange(of:)` took a seventh of a page's time.
    static func holdsAForm(_ body: ByteBuffer) -> Bool {
        body.withUnsafeReadableBytes { bytes in
            guard bytes.count >= formToken.count, let first = formToken.first else { return false }
            var index = 0
            while index <= bytes.count - formToken.count {
                if bytes[index] == first, formToken.indices.allSatisfy({ bytes[index + $0] == formToken[$0] }) { return true }
                index += 1
            }
            return false
        }
    }

    private static func response(_ page: PublicPages.Page, to request: Request, lifetime: Duration) -> Response {
        // If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" names the same page as "x".
        let matches = request.headers[.ifNoneMatch].flatMap { $0.split(separator: ",") }
            .map { tag in
                let tag = tag.trimmingWhitespace()
                return tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
            }
            .contains { $0 == page.etag || $0 == "*" }
        let response: Response
        if matches {
            response = Response(status: .notModified)
        } else {
            response = Response(status: .ok, body: .init(buffer: page.body))
            response.headers.replaceOrAdd(name: .contentType, value: page.contentType)
        }
        response.headers.replaceOrAdd(name: .eTag, value: page.etag)
        describeCaching(response, lifetime: lifetime)
        return response
    }

    private static func describeCaching(_ response: Response, lifetime: Duration) {
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=\(lifetime.components.seconds)")
        response.headers.replaceOrAdd(name: .vary, value: "Accept-Language, Cookie")
    }
}

extension Request {
    private struct SharedPageKey: StorageKey { typealias Value = Bool }

    /// Whether the page rendered for this request may be shared with other visitors.
    fileprivate(set) var rendersSharedPage: Bool {
        get { storage[SharedPageKey.self] ?? false }
        set { storage[SharedPageKey.self] = newValue }
    }
}

/// Forgets the public pages after every write this instance serves, whatever its outcome.
struct PublicPageInvalidation: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.isWrite else { return try await next.respond(to: request) }
        defer { request.application.publicPages.forgetAll() }
        return try await next.respond(to: request)
    }
}

extension Application {
    private struct PublicPagesKey: StorageKey { typealias Value = PublicPages }

    /// The rendered pages shared by visitors who are not signed in; set by `configure`.
    var publicPages: PublicPages {
        get { configured(PublicPagesKey.self) }
        set { storage[PublicPagesKey.self] = newValue }
    }
}
