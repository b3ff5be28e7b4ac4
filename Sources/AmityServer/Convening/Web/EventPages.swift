import AmityCore
import Fluent
import Vapor

/// Events on the web: the list and a month's calendar, the form for hosts, an event with its
/// agenda, registration and (for its host) who comes.
struct EventPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("events", use: list)
        routes.post("events", use: create)
        routes.get("events", ":id", use: event)
        routes.post("events", ":id", "registrations", use: register)
        routes.post("events", ":id", "registrations", ":city", "cancel", use: cancel)
        routes.post("events", ":id", "recording", use: recording)
    }

    struct ListContext: Encodable {
        var chrome: PageChrome
        var month: String
        var previous: String
        var next: String
        var weeks: [[Day]]
        var upcoming: [EventDTO]
        /// The newest past events, when none is coming up.
        var recent: [EventDTO]
        var moreUpcoming: String?
        var hosts: [FormOption]
        var kinds: [FormOption]
        var form: FormState
    }

    struct Day: Encodable { var day: Int?; var events: [Entry] }
    struct Entry: Encodable { var id: Int; var title: String; var time: String }

    @Sendable func list(req: Request) async throws -> Response { try await renderList(req, form: FormState(values: ["timeZone": "UTC"])) }

    func renderList(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let now = req.application.clock.now()
        let asked = (try? req.query.get(String.self, at: "month")).flatMap { try? CalendarDay.parse($0 + "-01", field: "month") }
        let events = Events(request: req)
        let upcoming = try await events.list(from: now, page: try req.pageRequest(shape: Events.cursorShape, parameter: "upcoming"))
        // Nothing coming up (the demo is set in 2020): the newest past events instead, said so,
        // and the calendar opens on the month of the last one rather than on an empty month.
        let recent = upcoming.items.isEmpty ? try await events.recent(before: now, limit: 5) : []
        let opening = asked ?? recent.first?.startsAt ?? now
        let first = calendar.date(from: calendar.dateComponents([.year, .month], from: opening))!
        let after = calendar.date(byAdding: .month, value: 1, to: first)!
        let inMonth = try await events.all(from: first, until: after)
        var weeks: [[Day]] = [], week: [Day] = Array(repeating: Day(day: nil, events: []), count: (calendar.component(.weekday, from: first) + 5) % 7)
        for day in 1...calendar.range(of: .day, in: .month, for: first)!.count {
            let date = calendar.date(byAdding: .day, value: day - 1, to: first)!
            let todays = inMonth.filter { calendar.isDate($0.startsAt, inSameDayAs: date) || ($0.startsAt < date && $0.endsAt > date) }
            week.append(Day(day: day, events: todays.map { Entry(id: $0.id, title: $0.title, time: String($0.localStart.suffix(5)) + " " + $0.timeZone) }))
            if week.count == 7 { weeks.append(week); week = [] }
        }
        if !week.isEmpty { weeks.append(week + Array(repeating: Day(day: nil, events: []), count: 7 - week.count)) }
        let month = { (date: Date) in String(AtomFeed.timestamp(date).prefix(7)) }
        let actor = try await req.actor()
        let networks = try await Network.query(on: req.db).filter(\.$id ~~ Array(actor?.secretariatOf ?? [])).all()
        let hosts = try await req.officerCityCards().map { FormOption(value: "city:\($0.id)", label: $0.name) }
            + networks.map { FormOption(value: "network:\($0.id ?? "")", label: $0.shortName) }
        return try await req.render("Convening/events", ListContext(
            chrome: PageChrome(request: req, title: req.t("events_title"), alternates: [.calendar("/calendars/all.ics", req.t("events_title"))]),
            month: month(first),
            previous: "/events?month=" + month(calendar.date(byAdding: .month, value: -1, to: first)!), next: "/events?month=" + month(after),
            weeks: weeks, upcoming: upcoming.items, recent: recent, moreUpcoming: req.nextPageLink(upcoming.nextCursor, parameter: "upcoming"), hosts: hosts,
            kinds: EventKind.allCases.map { .init(value: $0.rawValue, label: req.word("event_kind", $0.rawValue)) }, form: form), status: status)
    }

    struct EventForm: Content {
        var host: String; var kind: String; var title: String; var description: String?; var startsAt: String; var endsAt: String
        var timeZone: String; var onlineLink: String?; var capacity: String?
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.requireSignedIn()
        try await req.authorizeTarget { $0.forHost }
        let f = try req.decodeBody(EventForm.self)
        do {
            let parts = f.host.split(separator: ":", maxSplits: 1).map(String.init)
            guard f.capacity?.nilIfEmpty.map({ Int($0) != nil }) ?? true else { throw DomainError.invalid("capacity", key: "error_whole_number") }
            let event = try await Events(request: req).create(EventInput(
                hostCityId: parts.first == "city" ? parts.last.flatMap { Int($0) } : nil, hostNetworkId: parts.first == "network" ? parts.last : nil,
                kind: f.kind, title: f.title, description: f.description ?? "", startsAt: f.startsAt, endsAt: f.endsAt, timeZone: f.timeZone,
                onlineLink: f.onlineLink, capacity: f.capacity?.nilIfEmpty.flatMap { Int($0) }, waitingList: true, agenda: []))
            return req.redirect(to: "/events/\(event.id)?notice=event_created")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["title": f.title, "description": f.description ?? "", "startsAt": f.startsAt,
                                                                      "endsAt": f.endsAt, "timeZone": f.timeZone, "onlineLink": f.onlineLink ?? "", "capacity": f.capacity ?? ""])
            return try await renderList(req, form: form, status: status)
        }
    }

    struct EventContext: Encodable {
        var chrome: PageChrome
        var event: EventDTO
        var isHost: Bool
        var registrations: [RegistrationDTO]
        var moreRegistrations: String?
        var canRegister: [CityCard]
        var mine: [Mine]
        var form: FormState
    }

    struct Mine: Encodable { var city: CityCard; var status: String }

    @Sendable func event(req: Request) async throws -> Response {
        try await renderEvent(req, id: try req.intParameter("id", entity: "event"), form: FormState())
    }

    func renderEvent(_ req: Request, id: Int, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let events = Events(request: req)
        let event = try await events.event(id: id)
        let row = try await events.find(id)
        let actor = try await req.actor()
        let isHost = try await req.can(events.hostAction(row))
        let places = try await RegistrationRecord.query(on: req.db).filter(\.$eventID == id).filter(\.$cityID ~~ Array(actor?.officerOf ?? [])).all()
        let cities = Dictionary(uniqueKeysWithValues: try await req.officerCityCards().map { ($0.id, $0) })
        let open = event.endsAt > req.application.clock.now()
        let registrations = isHost ? try await events.registrations(id: id, page: try req.pageRequest(shape: Paging.idShape)) : nil
        let mine = places.filter { $0.status != .cancelled }.compactMap { p in cities[p.cityID].map { Mine(city: $0, status: p.status.rawValue) } }
        let taken = Set(mine.map(\.city.id))
        return try await req.render("Convening/event", EventContext(
            chrome: PageChrome(request: req, title: event.title), event: event, isHost: isHost,
            registrations: registrations?.items ?? [], moreRegistrations: req.nextPageLink(registrations?.nextCursor),
            canRegister: open ? cities.values.filter { !taken.contains($0.id) }.sorted { $0.id < $1.id } : [],
            mine: open ? mine : [], form: form), status: status)
    }

    struct RegisterForm: Content { var cityId: Int }

    @Sendable func register(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "event")
        try await req.authorizeTarget { $0.forCity }
        do {
            let place = try await Events(request: req).register(id: id, cityID: try req.decodeBody(RegisterForm.self).cityId)
            return req.redirect(to: "/events/\(id)?notice=event_\(place.status)")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: [:])
            return try await renderEvent(req, id: id, form: form, status: status)
        }
    }

    @Sendable func cancel(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "event")
        _ = try await Events(request: req).cancel(id: id, cityID: try req.intParameter("city", entity: "city"))
        return req.redirect(to: "/events/\(id)?notice=event_cancelled")
    }

    struct RecordingForm: Content { var url: String }

    @Sendable func recording(req: Request) async throws -> Response {
        try req.requireSignedIn()
        let id = try req.intParameter("id", entity: "event"), events = Events(request: req)
        try await req.authorize(events.hostAction(try await events.find(id)))
        let f = try req.decodeBody(RecordingForm.self)
        do {
            _ = try await Events(request: req).setRecording(id: id, url: f.url)
            return req.redirect(to: "/events/\(id)")
        } catch {
            let (form, status) = try FormState.failed(error, for: req, values: ["url": f.url])
            return try await renderEvent(req, id: id, form: form, status: status)
        }
    }
}
