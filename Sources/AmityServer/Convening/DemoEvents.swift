import AmityCore
import Fluent
import Foundation

/// CityNet's webinar, UCLG's live learning session and Seoul's summit, from `Data/demo/events.json`,
/// with the cities that took part registered.
struct DemoEvents: Decodable {
    struct Event: Decodable {
        var hostNetwork: String?, hostCity: Int?, kind: String, title: String, description: String
        var startsAt: String, endsAt: String, timeZone: String, recording: String?
        var agenda: [AgendaSession]
        var registered: [Int]
    }

    var events: [Event]

    static func load(path: String) throws -> DemoEvents {
        try JSONDecoder().decode(DemoEvents.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// `catalogue` words the live entries' English text beside their facts.
    func load(into database: any Database, catalogue: MessageCatalogue) async throws {
        try await database.transaction { db in
            guard let admin = try await Person.query(on: db).filter(\.$isAdministrator == true).sort(\.$id).first()?.requireID() else { return }
            for e in events {
                let start = try LocalTime.instant(e.startsAt, zone: e.timeZone, field: "startsAt")
                let row = EventRecord()
                (row.hostCityID, row.hostNetworkID, row.kind, row.title, row.description) = (e.hostCity, e.hostNetwork, try EventKind(parsing: e.kind).rawValue, e.title, e.description)
                (row.startsAt, row.endsAt, row.timeZone, row.recordingLink) = (start, try LocalTime.instant(e.endsAt, zone: e.timeZone, field: "endsAt"), e.timeZone, e.recording)
                (row.waitingList, row.agenda, row.createdBy, row.createdAt, row.updatedAt) =
                    (true, String(decoding: try JSONEncoder().encode(e.agenda), as: UTF8.self), admin, start, start)
                try await row.create(on: db)
                for city in e.registered where try await City.find(city, on: db) != nil {
                    let registration = RegistrationRecord()
                    (registration.eventID, registration.cityID, registration.personID, registration.status) = (try row.requireID(), city, admin, .registered)
                    (registration.createdAt, registration.updatedAt) = (start, start)
                    try await registration.create(on: db)
                }
                try await AuditTrail(db: db, personID: nil, requestID: nil, now: start, catalogue: catalogue).publish(
                    LiveItem(kind: .event, title: .written(e.title), summary: .fact(Fact("live_event", [
                        "kind": .word(prefix: "event_kind", value: e.kind), "start": .localInstant(start, zone: e.timeZone),
                    ])),
                             link: "/events/\(row.id ?? 0)", cityID: e.hostCity, topics: e.hostNetwork.map { [.network($0)] } ?? []))
            }
        }
    }
}
