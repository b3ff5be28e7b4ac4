import AmityCore
import Fluent
import Vapor

/// The page a city's officer opens in the morning: the city search, open needs and offers near
/// their city, statements open for signature, the next events, the newest practices and the live
/// feed. Where nothing is current (the demo is set in 2020), a section shows the most recent past
/// items and says so, so that nobody is greeted by an empty page.
struct HomePage: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
    }

    /// One section's items, and whether they are current or, there being none, the latest past ones.
    struct Section<Item: Encodable>: Encodable {
        var items: [Item]
        var current: Bool
    }

    struct Context: Encodable {
        var chrome: PageChrome
        var search: DirectoryPages.CitySearch
        /// "Needs near Taichung" for an officer; "Open needs" for other readers.
        var needsHeading: String
        var offersHeading: String
        var needs: Section<Posting>
        var offers: [Posting]
        var statements: Section<Statement>
        var events: Section<Event>
        var practices: [Practice]
        var live: [LivePages.EntryView]
        var networks: [NetworkDTO]
        var partnerships: [PartnershipCard]
    }

    /// A need or an offer (or, when no need is open, a delivered gift) in one line.
    struct Posting: Encodable {
        var link: String
        var cityId: Int
        var city: String
        var item: String
        var quantity: String
        var urgency: Int?
        var distance: String?
        var partnersOnly = false
        var other: String?
        var on: Date?
    }

    struct Statement: Encodable { var id: Int; var title: String; var host: String; var signed: String; var closesAt: Date?; var opensAt: Date? }
    struct Event: Encodable { var id: Int; var title: String; var host: String; var kind: String; var startsAt: Date }
    struct Practice: Encodable { var id: Int; var title: String; var city: String; var publishedAt: Date? }

    @Sendable func home(req: Request) async throws -> Response {
        let now = req.application.clock.now()
        let search = try await DirectoryPages.CitySearch.read(req)
        let officerCity = try await req.officerCityCards().first
        let (needs, offers) = try await aid(req, near: officerCity?.id)
        let statements = try await statements(req)
        let upcoming = try await Events(request: req).list(from: now, page: try Paging(limit: 4, cursor: nil, shape: Events.cursorShape)).items
        let events = upcoming.isEmpty ? try await Events(request: req).recent(before: now, limit: 4) : upcoming
        let practices = try await Practices(request: req).newest(limit: 4)
        let live = try await LiveFeed.page(on: req.db, topics: [], page: try Paging(limit: 5, cursor: nil, shape: LiveFeed.cursorShape),
                                           in: req.language, catalogue: req.application.catalogue)
        let directory = req.directory
        let networks = try await directory.networks(kind: nil, page: try Paging(limit: 100, cursor: nil, shape: CityDirectory.networkCursorShape))
        let partnerships = try await directory.partnerships(
            cityID: nil, status: nil, kind: nil, page: try Paging(limit: 6, cursor: nil, shape: CityDirectory.partnershipCursorShape))
        return try await req.render("Home/home", Context(
            chrome: PageChrome(request: req, title: req.t("home_title"), search: search.query,
                               alternates: [.atom("/feeds/live.atom", req.t("live_title")), .calendar("/calendars/all.ics", req.t("events_title"))]),
            search: search,
            needsHeading: officerCity.map { req.t("home_needs_near", ["city": $0.name]) } ?? req.t("home_needs"),
            offersHeading: officerCity.map { req.t("home_offers_near", ["city": $0.name]) } ?? req.t("home_offers"), needs: needs, offers: offers, statements: statements,
            events: Section(items: events.map { Event(id: $0.id, title: $0.title, host: $0.host.name, kind: req.word("event_kind", $0.kind), startsAt: $0.startsAt) },
                            current: !upcoming.isEmpty),
            practices: practices.map { Practice(id: $0.id, title: $0.title, city: CityCard($0.city, language: req.language).name, publishedAt: $0.publishedAt) },
            live: LivePages.views(live.items, req), networks: networks.items,
            partnerships: partnerships.items.map { PartnershipCard($0, language: req.language, t: req.messages) }))
    }

    /// Open needs and offers, nearest to the officer's city first (the newest first for other
    /// readers); with no open need, the latest help delivered.
    private func aid(_ req: Request, near cityID: Int?) async throws -> (Section<Posting>, [Posting]) {
        let board = AidBoard(request: req)
        var needs: [Nearby<NeedDTO>], offers: [Nearby<OfferDTO>]
        if let cityID, let city = try await req.gazetteer.cities(ids: [cityID]).first,
           let point = try? Coordinate(latitude: city.latitude, longitude: city.longitude) {
            (needs, offers) = try await board.near(point, limit: 5)
        } else {
            let page = try Paging(limit: 5, cursor: nil, shape: AidController.shape)
            needs = try await board.needs(page: page).items.map { Nearby(item: $0, kilometres: nil) }
            offers = try await board.offers(page: page).items.filter { $0.available > 0 }.map { Nearby(item: $0, kilometres: nil) }
        }
        let offerLines = offers.map { o in
            Posting(link: "/aid#offer-\(o.item.id)", cityId: o.item.city.id, city: CityCard(o.item.city, language: req.language).name,
                    item: req.itemName(o.item.item), quantity: count(o.item.available), distance: distance(o.kilometres, req), partnersOnly: o.item.partnersOnly)
        }
        guard needs.isEmpty else {
            return (Section(items: needs.map { n in
                Posting(link: "/aid#need-\(n.item.id)", cityId: n.item.city.id, city: CityCard(n.item.city, language: req.language).name,
                        item: req.itemName(n.item.item), quantity: count(n.item.quantity), urgency: n.item.urgency, distance: distance(n.kilometres, req))
            }, current: true), offerLines)
        }
        let gifts = try await Pledges(request: req).list(cityID: nil, statuses: Ledger.statuses, page: try Paging(limit: 5, cursor: nil, shape: AidController.shape))
        return (Section(items: gifts.items.map { p in
            Posting(link: "/pledges/\(p.id)", cityId: p.donor.id, city: CityCard(p.donor, language: req.language).name, item: req.itemName(p.item),
                    quantity: count(p.received), other: CityCard(p.recipient, language: req.language).name, on: p.updatedAt)
        }, current: false), offerLines)
    }

    /// Statements open for signature, soonest to close first; with none open, the latest opened.
    private func statements(_ req: Request) async throws -> Section<Statement> {
        let statements = Statements(request: req)
        let open = try await statements.openForSignature(limit: 4)
        let shown = open.isEmpty ? try await statements.recentlyOpened(limit: 3) : open
        return Section(items: shown.map { Statement(id: $0.id, title: $0.title, host: $0.host.name, signed: req.t("home_signatories", ["count": String($0.signatories.count)]),
                                                     closesAt: $0.closesAt, opensAt: $0.opensAt) },
                       current: !open.isEmpty)
    }

    private func count(_ quantity: Int64) -> String { quantity.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US"))) }

    private func distance(_ kilometres: Double?, _ req: Request) -> String? {
        kilometres.map { req.t("distance_km", ["km": count(Int64($0.rounded()))]) }
    }
}
