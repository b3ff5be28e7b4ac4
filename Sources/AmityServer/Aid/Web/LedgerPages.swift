import AmityCore
import Vapor

/// The public ledger on a page (pledges that left their donor, gifts of money with totals per
/// currency) and as one CSV with HXL tags, streamed so however long it grows the server holds a page.
struct LedgerPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("ledger", use: ledger)
        routes.get("ledger.csv", use: ledgerCSV)
    }

    struct LedgerContext: Encodable {
        var chrome: PageChrome
        var rows: [Row]
        var nextPage: String?
        /// The newest gifts of money, and all gifts summed per currency (on the first page).
        var gifts: [Gift]
        var totals: [Total]
        /// Where this page's aid went: donor to recipient on a world map (SVG).
        var map: String?
        struct Row: Encodable { var id: Int; var date: String; var donor: String; var recipient: String; var item: String; var quantity: String; var received: String; var status: String }
        struct Gift: Encodable { var campaign: Int; var title: String; var date: String; var city: String; var beneficiary: String; var amount: String; var giver: String }
        struct Total: Encodable { var amount: String; var gifts: Int }
    }

    @Sendable func ledger(req: Request) async throws -> Response {
        let cursor = try? req.query.get(String.self, at: "cursor")
        let page = try await Pledges(request: req).list(cityID: nil, statuses: Ledger.statuses, page: try Paging(limit: 50, cursor: cursor, shape: AidController.shape))
        let campaigns = Campaigns(request: req)
        let gifts = cursor == nil ? try await campaigns.gifts(page: try Paging(limit: 20, cursor: nil, shape: Paging.idShape)).items : []
        let totals = cursor == nil ? try await campaigns.totals() : []
        let count = { (n: Int64) in n.formatted(.number.grouping(.automatic)) }
        let name = { (city: CityRefDTO) in CityCard(city, language: req.language).name }
        return try await req.render("Aid/ledger", LedgerContext(
            chrome: PageChrome(request: req, title: req.t("ledger_title")),
            rows: page.items.map { p in
                .init(id: p.id, date: CalendarDay.text(p.updatedAt), donor: name(p.donor), recipient: name(p.recipient), item: req.itemName(p.item),
                      quantity: count(p.quantity), received: count(p.received), status: req.word("pledge_status", p.status.rawValue))
            },
            nextPage: page.nextCursor.map { "/ledger?cursor=\($0)" },
            gifts: gifts.map { g in
                .init(campaign: g.campaignId, title: g.campaign, date: CalendarDay.text(g.at), city: name(g.city), beneficiary: name(g.beneficiary),
                      amount: "\(count(g.amount)) \(g.currency)", giver: g.giver ?? req.t("gift_unnamed"))
            },
            totals: totals.map { .init(amount: "\(count($0.amount)) \($0.currency)", gifts: $0.gifts) },
            map: try await Self.map(req, pairs: page.items.map { ($0.donor, $0.recipient) } + gifts.map { ($0.city, $0.beneficiary) })))
    }

    /// Each donor and recipient as a dot, each pair a line as thick as the gifts between them.
    static func map(_ req: Request, pairs: [(CityRefDTO, CityRefDTO)]) async throws -> String? {
        guard !pairs.isEmpty else { return nil }
        let cities = Dictionary(uniqueKeysWithValues: try await req.gazetteer.cities(ids: pairs.flatMap { [$0.0.id, $0.1.id] }).map { ($0.id, $0) })
        var counts: [[Int]: Int] = [:]
        for (donor, recipient) in pairs { counts[[donor.id, recipient.id], default: 0] += 1 }
        let name = { (id: Int) in cities[id]?.name ?? String(id) }
        let links = counts.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { key -> WorldMap.Link? in
            guard let a = cities[key[0]], let b = cities[key[1]] else { return nil }
            return WorldMap.Link(from: (a.longitude, a.latitude), to: (b.longitude, b.latitude), label: "\(name(key[0])) → \(name(key[1])) (\(counts[key] ?? 0))",
                                 weight: Double(counts[key] ?? 0))
        }
        let places = cities.values.sorted { $0.id < $1.id }.map { WorldMap.Place(longitude: $0.longitude, latitude: $0.latitude, label: $0.name) }
        return req.worldMap(id: "ledger-map", title: req.t("ledger_map"), places: places, links: links)
    }

    @Sendable func ledgerCSV(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"amity-ledger.csv\"")
        let pledges = Pledges(request: req), campaigns = Campaigns(request: req)
        return Response(status: .ok, headers: headers, body: .init(managedAsyncStream: { writer in
            try await writer.write(.buffer(ByteBuffer(string: Ledger.header)))
            var cursor: String?
            repeat {
                let page = try await pledges.list(cityID: nil, statuses: Ledger.statuses,
                                                  page: try Paging(limit: 100, cursor: cursor, shape: AidController.shape))
                try await writer.write(.buffer(ByteBuffer(string: Ledger.rows(page.items))))
                cursor = page.nextCursor
            } while cursor != nil
            repeat {
                let page = try await campaigns.gifts(page: try Paging(limit: 100, cursor: cursor, shape: Paging.idShape))
                try await writer.write(.buffer(ByteBuffer(string: Ledger.rows(page.items))))
                cursor = page.nextCursor
            } while cursor != nil
        }))
    }
}
