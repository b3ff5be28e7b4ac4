import AmityCore
import Vapor

/// `/rationing/{id}/outlets`: where to go now. The outlets of a district, or the nearest to a typed
/// place (a city, the start of an address, or `latitude, longitude`), each with what a walk-in
/// can still get, from the open feeds' snapshot (at most 10 s old), and a map drawn on the server.
struct OutletFinderPages: RouteCollection {
    /// Outlets listed around a place at most.
    static let nearest = 30

    func boot(routes: any RoutesBuilder) throws {
        routes.get("rationing", ":programme", "outlets", use: page)
    }

    struct OutletView: Encodable {
        var name: String
        var address: String
        var phone: String
        var available: String
        var selling: Bool
        var distance: String?
    }

    struct DistrictView: Encodable {
        var name: String
        var outlets: Int
        var selling: Int
    }

    struct Context: Encodable {
        var chrome: PageChrome
        var programme: ProgrammeDTO
        var place: String
        var district: String
        var placeError: String?
        var heading: String?
        var outlets: [OutletView]
        var districts: [DistrictView]
        var map: String?
        var updated: String
    }

    @Sendable func page(req: Request) async throws -> Response {
        let row = try await req.programme()
        let feeds = try await req.application.stockFeeds.feeds(of: row, app: req.application)
        let snapshot = feeds.snapshot
        let wording = RationWording(catalogue: req.application.catalogue, language: req.language)
        let place = (req.query[String.self, at: "place"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let district = (req.query[String.self, at: "district"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let districtOf = snapshot.outlets.map { OutletDistrict.of($0.address) }
        let selling = { (outlet: FeedOutlet) in snapshot.classes.contains { outlet.available($0) > 0 } }
        func view(_ outlet: FeedOutlet, metres: Double?) -> OutletView {
            OutletView(name: outlet.name, address: outlet.address, phone: outlet.phone,
                       available: snapshot.classes.map { "\(wording.className($0)) \(outlet.available($0))" }.joined(separator: req.language.listSeparator),
                       selling: selling(outlet), distance: metres.map { DecimalText.text($0 / 1_000, places: 1) + " km" })
        }
        var outlets: [OutletView] = [], heading: String?, placeError: String?, status = HTTPStatus.ok
        var shown: [(outlet: FeedOutlet, metres: Double?)] = [], centre: Coordinate?
        if !place.isEmpty {
            centre = try await Self.locate(place, in: snapshot, districts: districtOf, req: req)
            if let centre {
                let hits = NearbyOutlets(snapshot.outlets.map(\.place)).nearest(Self.nearest, to: centre)
                shown = hits.map { (snapshot.outlets[$0.index], $0.metres) }
                heading = req.t("finder_nearest", ["place": place])
            } else {
                (placeError, status) = (req.t("finder_no_place", ["place": place]), .unprocessableEntity)
            }
        } else if !district.isEmpty {
            shown = snapshot.outlets.indices.filter { districtOf[$0] == district }.map { (snapshot.outlets[$0], nil) }
            heading = req.t("finder_in_district", ["district": district])
        }
        outlets = shown.map { view($0.outlet, metres: $0.metres) }
        let districts = Dictionary(grouping: snapshot.outlets.indices, by: { districtOf[$0] }).map { name, indices in
            DistrictView(name: name, outlets: indices.count, selling: indices.filter { selling(snapshot.outlets[$0]) }.count)
        }.sorted { $0.name < $1.name }
        let map = shown.contains { $0.outlet.place != nil }
            ? Self.map(shown.map(\.outlet), centre: centre, selling: selling, title: heading ?? "", req: req).document : nil
        let context = Context(chrome: PageChrome(request: req, title: req.t("finder_title")), programme: try await Programmes(request: req).dto(row, on: req.db),
                              place: place, district: district, placeError: placeError, heading: heading, outlets: outlets, districts: districts,
                              map: map, updated: req.t("finder_updated", ["time": snapshot.localTime]))
        let response = try await req.view.render("Rationing/outlets", context).encodeResponse(for: req)
        response.status = status
        return response
    }

    /// The place typed: `latitude, longitude`; the start of outlets' addresses (their middle); or a
    /// city of the gazetteer, the largest of that name.
    private static func locate(_ place: String, in snapshot: StockSnapshot, districts: [String], req: Request) async throws -> Coordinate? {
        let parts = place.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2, let latitude = Double(parts[0]), let longitude = Double(parts[1]) {
            return try? Coordinate(latitude: latitude, longitude: longitude)
        }
        let key = place.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let matching = snapshot.outlets.indices.filter { districts[$0] == key || snapshot.outlets[$0].address.hasPrefix(key) }.compactMap { snapshot.outlets[$0].place }
        if !matching.isEmpty {
            let latitude = matching.map(\.latitude).reduce(0, +) / Double(matching.count)
            let longitude = matching.map(\.longitude).reduce(0, +) / Double(matching.count)
            return try? Coordinate(latitude: latitude, longitude: longitude)
        }
        guard let city = try? await req.gazetteer.search(name: place, country: nil, page: Paging(limit: 1, cursor: nil, shape: Gazetteer.cursorShape)).first else {
            return nil
        }
        return try? Coordinate(latitude: city.latitude, longitude: city.longitude)
    }

    /// The outlets shown as dots on a plain map of their surroundings, north up, the place typed as a
    /// cross; a dot is filled when a walk-in can still get something there.
    private static func map(_ outlets: [FeedOutlet], centre: Coordinate?, selling: (FeedOutlet) -> Bool, title: String, req: Request) -> SVGPicture {
        let points = outlets.compactMap(\.place) + (centre.map { [$0] } ?? [])
        let north = points.map(\.latitude).max()!, south = points.map(\.latitude).min()!
        let east = points.map(\.longitude).max()!, west = points.map(\.longitude).min()!
        // Degrees of longitude shrink with the latitude: scaled by its cosine, a kilometre is as long either way.
        let squeeze = cos((north + south) / 2 * .pi / 180)
        let spanX = max((east - west) * squeeze, 0.002), spanY = max(north - south, 0.002)
        let width = 600.0, height = max(200, min(600, width * spanY / spanX)), margin = 20.0
        let scale = min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY)
        func xy(_ place: Coordinate) -> (Double, Double) {
            (margin + (place.longitude - west) * squeeze * scale, height - margin - (place.latitude - south) * scale)
        }
        let open = outlets.filter(selling).count
        var picture = SVGPicture(id: "finder-map", width: width, height: height, title: title,
                                 summary: req.t("finder_map_summary", ["outlets": String(outlets.count), "selling": String(open)]))
        picture.rect(x: 0, y: 0, width: width, height: height, fill: "#f4f6f8")
        for outlet in outlets {
            guard let place = outlet.place else { continue }
            let (x, y) = xy(place)
            picture.circle(x: x, y: y, radius: 6, fill: selling(outlet) ? Chart.palette[2] : "#9aa0a6", label: outlet.name)
        }
        if let centre {
            let (x, y) = xy(centre)
            picture.line(x1: x - 8, y1: y, x2: x + 8, y2: y, stroke: Chart.palette[1], width: 3)
            picture.line(x1: x, y1: y - 8, x2: x, y2: y + 8, stroke: Chart.palette[1], width: 3)
        }
        return picture
    }
}
