import AmityCore
import Fluent
import SQLKit
import Vapor

/// Events: hosted by a city or a network, with an agenda; cities register (within capacity, or
/// in line), cancel, and every calendar is iCalendar.
struct Events {
    let request: Request
    var db: any Database { request.db }

    func create(_ input: EventInput) async throws -> EventDTO {
        var errors: [DomainError.FieldError] = []
        var kind: EventKind?, start: Date?, end: Date?
        do { kind = try EventKind(parsing: input.kind) } catch let DomainError.invalid(f) { errors += f }
        do { start = try LocalTime.instant(input.startsAt, zone: input.timeZone, field: "startsAt") } catch let DomainError.invalid(f) { errors += f }
        do { end = try LocalTime.instant(input.endsAt, zone: input.timeZone, field: "endsAt") } catch let DomainError.invalid(f) { errors += f }
        if let start, let end, end <= start { errors.append(.init(field: "endsAt", key: "error_ends_before_start")) }
        if let start, let end, end.timeIntervalSince(start) > 31 * 86_400 { errors.append(.init(field: "endsAt", key: "error_event_long")) }
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = DomainError.FieldError.length("title", title, max: 200) { errors.append(error) }
        if let error = DomainError.FieldError.length("description", input.description, max: 10_000, required: false) { errors.append(error) }
        if let capacity = input.capacity, capacity < 1 { errors.append(.init(field: "capacity", key: "error_capacity")) }
        if let link = input.onlineLink?.nilIfEmpty, !Self.isWebLink(link) { errors.append(.init(field: "onlineLink", key: "error_https")) }
        for (i, session) in (input.agenda ?? []).enumerated() {
            if session.title.trimmingWhitespace().isEmpty { errors.append(.init(field: "agenda[\(i)].title", key: "error_required")) }
            for (j, material) in session.materials.enumerated() where !Self.isWebLink(material.url) {
                errors.append(.init(field: "agenda[\(i)].materials[\(j)].url", key: "error_https"))
            }
        }
        let action: Action
        switch (input.hostCityId, input.hostNetworkId?.nilIfEmpty) {
        case (let city?, nil): action = .actForCity(cityID: city)
        case (nil, let network?): action = .actForNetwork(networkID: network)
        default:
            errors.append(.init(field: "hostCityId", message: "An event has one host: a city (hostCityId) or a network (hostNetworkId)."))
            action = .createNetwork
        }
        if let assemblyID = input.assemblyId {
            let assembly = try await AssemblyRecord.find(assemblyID, on: db)
            if assembly == nil || assembly?.networkID != input.hostNetworkId {
                errors.append(.init(field: "assemblyId", key: "error_sitting_host"))
            }
        }
        guard errors.isEmpty, let kind, let start, let end else { throw DomainError.invalid(errors) }
        let agenda = String(decoding: try JSONEncoder().encode(input.agenda ?? []), as: UTF8.self)
        let id = try await request.write(action) { trail, actor in
            let row = EventRecord()
            (row.hostCityID, row.hostNetworkID, row.kind, row.title, row.description) = (input.hostCityId, input.hostNetworkId?.nilIfEmpty, kind.rawValue, title, input.description)
            (row.startsAt, row.endsAt, row.timeZone, row.onlineLink, row.capacity) = (start, end, input.timeZone, input.onlineLink?.nilIfEmpty, input.capacity)
            (row.waitingList, row.agenda, row.createdBy, row.createdAt, row.updatedAt) = (input.waitingList ?? true, agenda, actor.personID, trail.now, trail.now)
            row.assemblyID = input.assemblyId
            try await row.create(on: trail.db)
            try await trail.record("create", "event", id: String(row.id ?? 0), cityID: row.hostCityID, after: ["title": title, "startsAt": "\(start)"])
            try await trail.publish(LiveItem(kind: .event, title: .written(title), summary: .fact(Fact("live_event", [
                "kind": .word(prefix: "event_kind", value: kind.rawValue), "start": .localInstant(start, zone: input.timeZone),
            ])),
                                             link: "/events/\(row.id ?? 0)", cityID: row.hostCityID, topics: row.hostNetworkID.map { [.network($0)] } ?? []))
            return try row.requireID()
        }
        return try await event(id: id)
    }

    /// Adds the recording once the event is over (its host).
    func setRecording(id: Int, url: String) async throws -> EventDTO {
        let event = try await find(id)
        guard Self.isWebLink(url) else { throw DomainError.invalid("url", key: "error_https") }
        try await request.write(hostAction(event)) { trail, _ in
            guard let row = try await EventRecord.find(id, on: trail.db) else { throw DomainError.notFound(entity: "event", id: String(id)) }
            let before = ["recording": row.recordingLink ?? ""]
            (row.recordingLink, row.updatedAt) = (url, trail.now)
            try await row.save(on: trail.db)
            try await trail.record("recording", "event", id: String(id), cityID: row.hostCityID, before: before, after: ["recording": url])
        }
        return try await self.event(id: id)
    }

    // MARK: Registration

    /// Registers a city, or puts it in line when the event is full; a full event without a
    /// waiting list refuses it.
    func register(id: Int, cityID: Int) async throws -> RegistrationDTO {
        _ = try await find(id)
        guard try await City.find(cityID, on: db) != nil else { throw DomainError.invalid("cityId", key: "error_no_city", ["id": String(cityID)]) }
        try await request.write(.actForCity(cityID: cityID)) { trail, actor in
            let event = try await trail.locked(EventRecord.self, id, entity: "event")
            guard event.endsAt > trail.now else { throw DomainError.conflict("This event is over.") }
            let existing = try await RegistrationRecord.query(on: trail.db).filter(\.$eventID == id).filter(\.$cityID == cityID).first()
            if let existing, existing.status != .cancelled { throw DomainError.conflict("This city is already \(existing.status.rawValue) for this event.") }
            let registered = try await RegistrationRecord.query(on: trail.db).filter(\.$eventID == id).filter(\.$status == .registered).count()
            var status = RegistrationStatus.registered
            if let capacity = event.capacity, registered >= capacity {
                guard event.waitingList else { throw DomainError.conflict("This event is full: all \(capacity) places are taken.") }
                status = .waitlisted
            }
            let row = existing ?? RegistrationRecord()
            (row.eventID, row.cityID, row.personID, row.status, row.updatedAt) = (id, cityID, actor.personID, status, trail.now)
            if existing == nil { row.createdAt = trail.now }
            try await row.save(on: trail.db)
            try await trail.record(status == .registered ? "register" : "waitlist", "event", id: String(id), cityID: cityID)
        }
        return try await registration(id: id, cityID: cityID)
    }

    /// Cancels a city's place; the first city in line takes it.
    func cancel(id: Int, cityID: Int) async throws -> RegistrationDTO {
        _ = try await find(id)
        try await request.write(.actForCity(cityID: cityID)) { trail, _ in
            _ = try await trail.locked(EventRecord.self, id, entity: "event")
            guard let row = try await RegistrationRecord.query(on: trail.db).filter(\.$eventID == id).filter(\.$cityID == cityID).first(),
                  row.status != .cancelled else { throw DomainError.conflict("This city has no place at this event to cancel.") }
            let freed = row.status == .registered
            (row.status, row.updatedAt) = (.cancelled, trail.now)
            try await row.save(on: trail.db)
            try await trail.record("cancel", "event", id: String(id), cityID: cityID)
            if freed, let next = try await RegistrationRecord.query(on: trail.db).filter(\.$eventID == id).filter(\.$status == .waitlisted)
                .sort(\.$updatedAt).sort(\.$id).first() {
                (next.status, next.updatedAt) = (.registered, trail.now)
                try await next.save(on: trail.db)
                try await trail.record("promote", "event", id: String(id), cityID: next.cityID)
            }
        }
        return try await registration(id: id, cityID: cityID)
    }

    /// Who comes: the host's to see (and an administrator's).
    func registrations(id: Int, page: Paging) async throws -> CursorPage<RegistrationDTO> {
        let event = try await find(id)
        _ = try await request.authorize(hostAction(event))
        return try await page.oldestFirst(RegistrationRecord.query(on: db).filter(\.$eventID == id)) { try await dtos($0) }
    }

    /// One city's place, for that city's officers.
    func registration(id: Int, cityID: Int) async throws -> RegistrationDTO {
        guard let row = try await RegistrationRecord.query(on: db).filter(\.$eventID == id).filter(\.$cityID == cityID).first(),
              let dto = try await dtos([row]).first else { throw DomainError.notFound(entity: "registration", id: "\(id)/\(cityID)") }
        return dto
    }


    // MARK: Reading

    /// The shape of the cursor of a list in time order: when the last event starts (seconds since
    /// 1970, as text so no precision is lost) and its id.
    static let cursorShape: [Cursor.Kind] = [.text, .int]

    /// One page of events soonest first, from `from` on (all when nil) and before `until`, of one host.
    func list(from: Date? = nil, until: Date? = nil, cityID: Int? = nil, networkID: String? = nil, page: Paging) async throws -> CursorPage<EventDTO> {
        let query = scope(from: from, until: until, cityID: cityID, networkID: networkID)
        if let cursor = page.cursor, let id = cursor.key[1].int {
            // A client can forge a cursor: an instant outside any calendar ("1e308", "nan") would
            // overflow the database driver's microseconds, so it is refused as a cursor of another list.
            guard let seconds = cursor.key[0].text.flatMap(Double.init), seconds.isFinite, abs(seconds) < 1e11 else {
                throw DomainError.invalid("cursor", "The cursor is not one this list gave out; start again without it.")
            }
            let starts = Date(timeIntervalSince1970: seconds)
            query.group(.or) { or in
                or.filter(\.$startsAt > starts)
                or.group(.and) { $0.filter(\.$startsAt == starts).filter(\.$id > id) }
            }
        }
        let rows = try await query.limit(page.limit + 1).all()
        return try await page.page(rows, key: { [.text(String($0.startsAt.timeIntervalSince1970)), .int($0.id ?? 0)] }) { try await dtos($0) }
    }

    /// Every event of a span or a host, soonest first: for a month's grid and for calendar files,
    /// which have no pages. A host's calendar is the events it hosts; which events a city
    /// registered for is the hosts' to see, so a public calendar does not list them.
    func all(from: Date? = nil, until: Date? = nil, cityID: Int? = nil, networkID: String? = nil) async throws -> [EventDTO] {
        try await dtos(try await scope(from: from, until: until, cityID: cityID, networkID: networkID).all())
    }

    /// The events that ended before `date`, the latest first.
    func recent(before date: Date, limit: Int) async throws -> [EventDTO] {
        try await dtos(try await EventRecord.query(on: db).filter(\.$endsAt < date).sort(\.$startsAt, .descending).sort(\.$id, .descending)
            .limit(limit).all())
    }

    private func scope(from: Date?, until: Date?, cityID: Int?, networkID: String?) -> QueryBuilder<EventRecord> {
        let query = EventRecord.query(on: db).sort(\.$startsAt).sort(\.$id)
        if let from { query.filter(\.$endsAt >= from) }
        if let until { query.filter(\.$startsAt < until) }
        if let cityID { query.filter(\.$hostCityID == cityID) }
        if let networkID { query.filter(\.$hostNetworkID == networkID) }
        return query
    }

    func event(id: Int) async throws -> EventDTO { try await dtos([try await find(id)])[0] }

    func find(_ id: Int) async throws -> EventRecord {
        guard let row = try await EventRecord.find(id, on: db) else { throw DomainError.notFound(entity: "event", id: String(id)) }
        return row
    }

    func hostAction(_ event: EventRecord) -> Action {
        event.hostCityID.map { .actForCity(cityID: $0) } ?? .actForNetwork(networkID: event.hostNetworkID ?? "")
    }

    func dtos(_ rows: [EventRecord]) async throws -> [EventDTO] {
        let counts = try await RegistrationRecord.query(on: db).filter(\.$eventID ~~ rows.compactMap(\.id)).filter(\.$status != .cancelled).all()
        let cities = try await CityDirectory(database: db).cityRefs(ids: rows.compactMap(\.hostCityID))
        let networks = Dictionary(uniqueKeysWithValues: try await Network.query(on: db).filter(\.$id ~~ rows.compactMap(\.hostNetworkID)).all().map { ($0.id ?? "", $0.shortName) })
        return rows.map { e in
            let mine = counts.filter { $0.eventID == e.id }
            let host = e.hostCityID.map { cities[$0]?.name ?? String($0) } ?? e.hostNetworkID.map { networks[$0] ?? $0 } ?? ""
            return EventDTO(
                id: e.id ?? 0, host: .init(cityId: e.hostCityID, networkId: e.hostNetworkID, name: host), kind: e.kind, title: e.title,
                description: e.description, startsAt: e.startsAt, endsAt: e.endsAt, timeZone: e.timeZone,
                localStart: LocalTime.text(e.startsAt, zone: e.timeZone), localEnd: LocalTime.text(e.endsAt, zone: e.timeZone), onlineLink: e.onlineLink,
                capacity: e.capacity, waitingList: e.waitingList, registered: mine.filter { $0.status == .registered }.count,
                waitlisted: mine.filter { $0.status == .waitlisted }.count, recordingLink: e.recordingLink,
                agenda: (try? JSONDecoder().decode([AgendaSession].self, from: Data(e.agenda.utf8))) ?? [], assemblyId: e.assemblyID, createdAt: e.createdAt)
        }
    }

    private func dtos(_ rows: [RegistrationRecord]) async throws -> [RegistrationDTO] {
        let cities = try await CityDirectory(database: db).cityRefs(ids: rows.map(\.cityID))
        let people = Dictionary(uniqueKeysWithValues: try await Person.query(on: db).filter(\.$id ~~ rows.map(\.personID)).all().map { ($0.id ?? 0, $0.displayName) })
        return rows.compactMap { r in cities[r.cityID].map { RegistrationDTO(city: $0, status: r.status, by: people[r.personID] ?? "", at: r.updatedAt) } }
    }

    /// Events as iCalendar events.
    static func calendarEvents(_ events: [EventDTO], baseURL: String) -> [CalendarEvent] {
        events.map { e in
            var description = "\(e.kind), hosted by \(e.host.name)."
            if !e.description.isEmpty { description += "\n\n" + e.description }
            if let link = e.onlineLink { description += "\n\nOnline: " + link }
            return CalendarEvent(uid: "event-\(e.id)@amity", start: e.startsAt, end: e.endsAt, timeZone: e.timeZone, summary: e.title,
                                 description: description, url: baseURL + "/events/\(e.id)", updated: e.createdAt)
        }
    }

    static func isWebLink(_ text: String) -> Bool {
        (text.hasPrefix("https://") || text.hasPrefix("http://")) && text.count <= 500 && URL(string: text) != nil && !text.contains { $0.isWhitespace || $0 == "\"" }
    }
}
