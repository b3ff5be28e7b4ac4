import AmityCore
import Vapor

/// `/api/v1/events`: events, their registrations and recordings.
struct EventController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let events = routes.grouped("events")
        events.get(use: list)
        events.post(use: create)
        events.get(":id") { req in try await Events(request: req).event(id: try req.intParameter("id", entity: "event")) }
        events.post(":id", "recording") { req in
            let events = Events(request: req), id = try req.intParameter("id", entity: "event")
            try await req.authorize(events.hostAction(try await events.find(id)))
            return try await events.setRecording(id: id, url: try req.decodeBody(RecordingInput.self).url)
        }
        events.get(":id", "registrations") { req in
            try await Events(request: req).registrations(id: try req.intParameter("id", entity: "event"), page: try req.pageRequest(shape: Paging.idShape))
        }
        events.post(":id", "registrations") { req in
            try await req.authorizeTarget { $0.forCity }
            return try await Events(request: req).register(id: try req.intParameter("id", entity: "event"), cityID: try req.decodeBody(RegisterInput.self).cityId)
                .encodeResponse(status: .created, for: req)
        }
        events.post(":id", "registrations", ":city", "cancel") { req in
            try await Events(request: req).cancel(id: try req.intParameter("id", entity: "event"), cityID: try req.intParameter("city", entity: "city"))
        }
    }

    struct ListQuery: Content { var from: String?; var until: String?; var city: Int?; var network: String? }

    /// Events soonest first, from a day (`from`, default: all) to a day (`until`), of one host.
    @Sendable func list(req: Request) async throws -> CursorPage<EventDTO> {
        let q = try req.query.decode(ListQuery.self)
        return try await Events(request: req).list(from: try q.from?.nilIfEmpty.map { try CalendarDay.parse($0, field: "from") },
                                                   until: try q.until?.nilIfEmpty.map { try CalendarDay.parse($0, field: "until").addingTimeInterval(86_400) },
                                                   cityID: q.city, networkID: q.network?.nilIfEmpty, page: try req.pageRequest(shape: Events.cursorShape))
    }

    @Sendable func create(req: Request) async throws -> Response {
        try await req.authorizeTarget { $0.forHost }
        let event = try await Events(request: req).create(try req.decodeBody(EventInput.self))
        return try await event.created(at: "/api/v1/events/\(event.id)", for: req)
    }
}

/// iCalendar: one event (`/events/ID/calendar.ics`), everything (`/calendars/all.ics`), a city's
/// (`/calendars/cities/ID.ics`: hosted and registered) and a network's (`/calendars/networks/ID.ics`).
struct EventCalendars: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let routes = routes.grouped(PublicPageMiddleware())
        routes.get("events", ":id", "calendar.ics") { req in
            let event = try await Events(request: req).event(id: try req.intParameter("id", entity: "event"))
            return Self.ics(req, name: event.title, events: [event])
        }
        routes.get("calendars", "all.ics") { req in Self.ics(req, name: "Amity", events: try await Events(request: req).all()) }
        routes.get("calendars", "cities", ":file") { req in
            let id = try LiveFeeds.name(req, entity: "city", suffix: ".ics")
            guard let cityID = Int(id), let city = try await City.find(cityID, on: req.db) else { throw DomainError.notFound(entity: "city", id: id) }
            return Self.ics(req, name: "Amity · \(city.name)", events: try await Events(request: req).all(cityID: cityID))
        }
        routes.get("calendars", "networks", ":file") { req in
            let id = try LiveFeeds.name(req, entity: "network", suffix: ".ics")
            guard let network = try await Network.find(id, on: req.db) else { throw DomainError.notFound(entity: "network", id: id) }
            return Self.ics(req, name: "Amity · \(network.shortName)", events: try await Events(request: req).all(networkID: id))
        }
    }

    static func ics(_ req: Request, name: String, events: [EventDTO]) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        let body = ICalendar.calendar(name: name, events: Events.calendarEvents(events, baseURL: LiveFeeds.baseURL(req)))
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}
