import AmityCore
import Vapor

/// `/rationing/{id}/outlets`: where to go now. The outlets of a district, or the nearest to a typed
/// place (a city, the start of an address, or `latitude, longitude`), each with what a walk-in
/// can still get, from the open feeds' snapshot (at most 10 s old), when it sells (open now, or
/// when it opens next, and its week), and a map drawn on the server. An outlet sells now when it
/// has stock for a walk-in and is open, or has not said when it opens.
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
        /// Stock for a walk-in, open or not.
        var stocked: Bool
        var distance: String?
        /// Open now, or when it opens next; nil when the outlet has not said its hours.
        var now: String?
        /// Its week, days alike grouped: `Mon–Fri morning, afternoon · Sun closed`.
        var week: String?
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
        let instant = req.application.clock.now()
        // The calendar is read once: the districts' counts ask every outlet of the programme.
        let moment = ServicePeriods.when(instant, zone: snapshot.zone)
        let open = { (outlet: FeedOutlet) in outlet.periods?.isOpen(moment) ?? true }
        let stocked = { (outlet: FeedOutlet) in snapshot.classes.contains { outlet.available($0) > 0 } }
        let selling = { (outlet: FeedOutlet) in open(outlet) && stocked(outlet) }
        func view(_ outlet: FeedOutlet, metres: Double?) -> OutletView {
            OutletView(name: outlet.name, address: outlet.address, phone: outlet.phone,
                       available: snapshot.classes.map { "\(wording.className($0)) \(outlet.available($0))" }.joined(separator: req.language.listSeparator),
                       selling: selling(outlet), stocked: stocked(outlet), distance: metres.map { DecimalText.text($0 / 1_000, places: 1) + " km" },
                       now: outlet.periods.map { Self.now($0, at: instant, zone: snapshot.zone, req: req) },
                       week: outlet.periods.map { Self.week($0, req: req) })
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

    private static let weekdays = ["weekday_mon", "weekday_tue", "weekday_wed", "weekday_thu", "weekday_fri", "weekday_sat", "weekday_sun"]
    private static let parts = ["finder_morning", "finder_afternoon", "finder_evening"]

    /// Open now, or closed and when it opens next, in the reader's words.
    static func now(_ periods: ServicePeriods, at instant: Date, zone: TimeZone, req: Request) -> String {
        if periods.isOpen(at: instant, zone: zone) { return req.t("finder_open_now") }
        guard let next = periods.nextOpening(after: instant, zone: zone) else { return req.t("finder_never_open") }
        return req.t("finder_closed_now", ["when": req.t(weekdays[next.day]) + req.language.wordSpace + req.t(parts[next.part.rawValue])])
    }

    /// The week, runs of days open in the same parts said once: `Mon–Fri morning, afternoon · Sat morning · Sun closed`.
    static func week(_ periods: ServicePeriods, req: Request) -> String {
        var runs: [(first: Int, last: Int, parts: [ServicePeriods.Part])] = []
        for day in 0..<7 {
            let parts = periods.parts(day: day)
            if let last = runs.last, last.parts == parts { runs[runs.count - 1].last = day } else { runs.append((day, day, parts)) }
        }
        return runs.map { run in
            let days = run.first == run.last ? req.t(weekdays[run.first]) : "\(req.t(weekdays[run.first]))–\(req.t(weekdays[run.last]))"
            let parts = run.parts.isEmpty ? req.t("finder_closed") : run.parts.map { req.t(Self.parts[$0.rawValue]) }.joined(separator: req.language.listSeparator)
            return days + req.language.wordSpace + parts
        }.joined(separator: " · ")
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
