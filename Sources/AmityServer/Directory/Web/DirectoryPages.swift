import AmityCore
import Fluent
import Vapor

/// The directory's pages: a city, the networks, a network, a partnership.
struct DirectoryPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // The same for every visitor who is not signed in: served from `PublicPages`.
        let pages = routes.grouped(PublicPageMiddleware())
        pages.get("cities", ":id", use: city)
        pages.get("networks", use: networks)
        pages.get("networks", ":id", use: network)
        pages.get("partnerships", ":id", use: partnership)
    }

    /// A search for a city by name, as the home page shows it: the query, one page of cards, the next page's link.
    struct CitySearch: Encodable {
        var query = ""
        var results: [CityCard] = []
        var searched = false
        var nextPage: String?

        struct Query: Content {
            var q: String?
            var cursor: String?
        }

        /// Reads `q` (and `cursor`) from the address; nothing searched when `q` is empty.
        static func read(_ req: Request) async throws -> CitySearch {
            let search = (try? req.query.decode(Query.self)) ?? Query()
            let q = search.q?.trimmingWhitespace() ?? ""
            guard !q.isEmpty else { return CitySearch() }
            let page = try await req.directory.cities(
                name: q, country: nil, page: try Paging(limit: 20, cursor: search.cursor, shape: Gazetteer.cursorShape))
            let countries = try await DirectoryPages.countryNames(page.items.map(\.country), req: req)
            var components = URLComponents()
            components.path = "/"
            let next = page.nextCursor.map { cursor in
                components.queryItems = [URLQueryItem(name: "q", value: q), URLQueryItem(name: "cursor", value: cursor)]
                return components.string ?? "/"
            }
            return CitySearch(query: q, results: page.items.map { CityCard($0, language: req.language, countryName: countries[$0.country]) },
                              searched: true, nextPage: next)
        }
    }

    struct CityContext: Encodable {
        var chrome: PageChrome
        var city: CityCard
        var countryName: String
        var regionName: String?
        var timeZone: String?
        var latitude: String
        var longitude: String
        var geonamesId: Int?
        var memberships: [MembershipDTO]
        var partnerships: [PartnershipCard]
        var nearby: [CityCard]
        var profile: ProfileView?
        var canEdit: Bool
        var signedIn: Bool
        var history: [HistoryLine]
        var officers: [Badge]
        /// The city and its partners on a world map (SVG), when it has partners.
        var map: String?
    }

    /// A verified person, with their title: the badge that shows who may act for a city or network.
    struct Badge: Encodable {
        var name: String
        var title: String
    }

    /// The verified officers of a city, or the verified secretariat of a network.
    static func badges(cityID: Int? = nil, networkID: String? = nil, on db: any Database) async throws -> [Badge] {
        var query = RoleRequest.query(on: db).filter(\.$status == RoleRequestStatus.verified).sort(\.$id)
        if let cityID { query = query.filter(\.$cityID == cityID) }
        if let networkID { query = query.filter(\.$networkID == networkID) }
        let requests = try await query.all()
        let people = try await Person.query(on: db).filter(\.$id ~~ Set(requests.map(\.personID))).all()
        let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id ?? 0, $0.displayName) })
        return requests.map { Badge(name: names[$0.personID] ?? "?", title: $0.title) }
    }

    struct ProfileView: Encodable {
        var office: String
        var contactEmail: String?
        var contactPhone: String?
        var website: String?
        var languages: String
        var updatedAt: String
    }

    /// One entry of a city's audit history, in words.
    struct HistoryLine: Encodable {
        var at: String
        var who: String
        var what: String
    }

    @Sendable func city(req: Request) async throws -> View {
        let directory = req.directory
        let id = try req.cityID()
        let detail = try await directory.city(id: id)
        let countries = try await Self.countryNames([detail.city.country], req: req)
        let records = try await CityRecords.of(cityID: id, on: req.db)
        let memberships = records.memberships ? try await directory.memberships(
            cityID: id, page: try Paging(limit: 100, cursor: nil, shape: CityDirectory.membershipCursorShape)) : CursorPage(items: [])
        let partnerships = records.partnerships ? try await directory.partnerships(
            cityID: id, status: nil, kind: nil, page: try Paging(limit: 100, cursor: nil, shape: CityDirectory.partnershipCursorShape)) : CursorPage(items: [])
        let point = try Coordinate(latitude: detail.city.latitude, longitude: detail.city.longitude)
        let nearby = try await directory.nearest(to: point, limit: 6).filter { $0.id != id }
        let card = CityCard(detail.city, language: req.language, countryName: countries[detail.city.country])
        let t = req.messages
        var cards: [PartnershipCard] = []
        for dto in partnerships.items {
            var card = PartnershipCard(dto, from: id, language: req.language, t: t)
            try await card.allowConfirming(dto, request: req)
            cards.append(card)
        }
        let profile = try await (records.profile ? CityProfile.find(id, on: req.db) : nil).map { p in
            ProfileView(office: p.office, contactEmail: p.contactEmail, contactPhone: p.contactPhone, website: p.website,
                        languages: p.languages.replacingOccurrences(of: ",", with: ", "), updatedAt: CalendarDay.text(p.updatedAt))
        }
        let history = records.history
            ? try await AuditLog(database: req.db).entries(cityID: id, page: try Paging(limit: 10, cursor: nil, shape: AuditLog.cursorShape))
            : CursorPage(items: [])
        return try await req.view.render("Directory/city", CityContext(
            chrome: PageChrome(request: req, title: card.name, alternates: [
                .atom("/feeds/cities/\(id).atom", "\(card.name) · \(req.t("live_title"))"),
                .calendar("/calendars/cities/\(id).ics", "\(card.name) · \(req.t("events_title"))"),
            ]), city: card,
            countryName: countries[detail.city.country] ?? detail.city.country, regionName: detail.region.map { PlaceNames.name($0.name, $0.names, in: req.language) },
            timeZone: detail.city.timeZone, latitude: String(format: "%.4f", detail.city.latitude),
            longitude: String(format: "%.4f", detail.city.longitude), geonamesId: detail.city.geonamesId,
            memberships: memberships.items, partnerships: cards,
            nearby: nearby.map { CityCard($0, language: req.language) },
            profile: profile, canEdit: try await req.can(.editCityProfile(cityID: id)), signedIn: req.signedIn != nil,
            history: history.items.map {
                HistoryLine(at: CalendarDay.text($0.at), who: $0.person?.displayName ?? "Amity",
                            what: (t["audit_\($0.action)"] ?? $0.action) + " · " + (t["entity_\($0.entity)"] ?? $0.entity))
            },
            officers: records.officers ? try await Self.badges(cityID: id, on: req.db) : [],
            map: try await Self.partnerMap(req, city: detail.city, name: card.name, partnerships: partnerships.items)))
    }

    /// The city (marked) and every partner, with a line to each partnership that is not severed.
    static func partnerMap(_ req: Request, city: CityDTO, name: String, partnerships: [PartnershipDTO]) async throws -> String? {
        let partnerIDs = Set(partnerships.filter { $0.status != .severed }.flatMap { $0.cities.map(\.id) }).subtracting([city.id])
        guard !partnerIDs.isEmpty else { return nil }
        let partners = try await req.gazetteer.cities(ids: Array(partnerIDs)).sorted { $0.id < $1.id }
        let home = (city.longitude, city.latitude)
        let places = [WorldMap.Place(longitude: city.longitude, latitude: city.latitude, label: name, emphasised: true)]
            + partners.map { WorldMap.Place(longitude: $0.longitude, latitude: $0.latitude, label: $0.name) }
        let links = partners.map { WorldMap.Link(from: home, to: ($0.longitude, $0.latitude), label: "\(name) – \($0.name)") }
        return req.worldMap(id: "partners-map", title: req.t("city_map"), places: places, links: links)
    }

    struct NetworksContext: Encodable {
        var chrome: PageChrome
        var networks: [NetworkDTO]
    }

    @Sendable func networks(req: Request) async throws -> View {
        let page = try await req.directory.networks(
            kind: nil, page: try Paging(limit: 100, cursor: nil, shape: CityDirectory.networkCursorShape))
        return try await req.view.render("Directory/networks", NetworksContext(
            chrome: PageChrome(request: req, title: req.t("networks_title")), networks: page.items))
    }

    struct NetworkContext: Encodable {
        var chrome: PageChrome
        var network: NetworkDTO
        var kind: String
        var secretariat: CityCard?
        var members: [Member]
        var nextPage: String?
        var canManage: Bool
        var signedIn: Bool
        var form: FormState
        var roles: [FormOption]
        var officers: [Badge]

        struct Member: Encodable {
            var city: CityCard
            var role: String
            var since: String?
            var source: String?
        }
    }

    @Sendable func network(req: Request) async throws -> Response {
        try await renderNetwork(req, id: req.parameters.get("id") ?? "", form: FormState())
    }

    func renderNetwork(_ req: Request, id: String, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let directory = req.directory
        let network = try await directory.network(id: id)
        let cursor = try? req.query.get(String.self, at: "cursor")
        let members = try await directory.memberships(
            networkID: id, page: try Paging(limit: 100, cursor: cursor, shape: CityDirectory.membershipCursorShape))
        let countries = try await Self.countryNames(members.items.map(\.city.country), req: req)
        let t = req.messages
        return try await req.render("Directory/network", NetworkContext(
            chrome: PageChrome(request: req, title: network.name, alternates: [
                .atom("/feeds/networks/\(network.id).atom", "\(network.shortName) · \(req.t("live_title"))"),
                .calendar("/calendars/networks/\(network.id).ics", "\(network.shortName) · \(req.t("events_title"))"),
            ]), network: network, kind: t["network_kind_\(network.kind)"] ?? network.kind,
            secretariat: network.secretariatCity.map { CityCard($0, language: req.language) },
            members: members.items.map {
                .init(city: CityCard($0.city, language: req.language, countryName: countries[$0.city.country]),
                      role: t["role_\($0.role)"] ?? $0.role, since: $0.since, source: $0.source)
            },
            nextPage: members.nextCursor.map { "/networks/\(id)?cursor=\($0)" },
            canManage: try await req.can(.manageMemberships(networkID: id)), signedIn: req.signedIn != nil, form: form,
            roles: MembershipRole.allCases.map { .init(value: $0.rawValue, label: t["role_\($0.rawValue)"] ?? $0.rawValue, selected: form.values["role"] == $0.rawValue) },
            officers: try await Self.badges(networkID: id, on: req.db)),
            status: status)
    }

    struct PartnershipContext: Encodable {
        var chrome: PageChrome
        var partnership: PartnershipCard
        var canAddEvent: Bool
        var form: FormState
        var eventKinds: [FormOption]
    }

    @Sendable func partnership(req: Request) async throws -> Response {
        try await renderPartnership(req, id: try req.intParameter("id", entity: "partnership"), form: FormState())
    }

    func renderPartnership(_ req: Request, id: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let dto = try await req.directory.partnership(id: id)
        var card = PartnershipCard(dto, language: req.language, t: req.messages)
        try await card.allowConfirming(dto, request: req)
        let kinds = PartnershipEventKind.allCases.filter { $0 != .signed }.map {
            FormOption(value: $0.rawValue, label: req.word("event", $0.rawValue), selected: form.values["kind"] == $0.rawValue)
        }
        return try await req.render("Directory/partnership", PartnershipContext(
            chrome: PageChrome(request: req, title: card.cities.map(\.name).joined(separator: " – ")), partnership: card,
            canAddEvent: try await req.can(.claimPartnership(cityIDs: dto.cities.map(\.id))), form: form, eventKinds: kinds), status: status)
    }

    /// Country names in the reader's language, by code.
    static func countryNames(_ codes: [String], req: Request) async throws -> [String: String] {
        try await req.gazetteer.countryNames(codes, in: req.language)
    }
}
