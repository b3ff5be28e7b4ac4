@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct EventTests {
    static func workshop(capacity: Int?, waitingList: Bool = true) -> String {
        #"{"hostCityId":1668399,"kind":"workshop","title":"Sanitised water: what to send when masks cannot go","description":"Taichung shares its substitutes.","startsAt":"2099-03-05T10:00","endsAt":"2099-03-05T12:00","timeZone":"Asia/Taipei","capacity":\#(capacity.map(String.init) ?? "null"),"waitingList":\#(waitingList),"agenda":[{"title":"What the rules allow","startsAt":"10:00","speakers":[{"name":"Taichung international affairs","cityId":1668399}],"materials":[{"title":"Rules","url":"https://example.org/rules"}]}]}"#
    }

    @Test func citiesRegisterWithinCapacityThenWaitInLineAndMoveUp() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung), newTaipei = try await app.credentials(Demo.newTaipei)
            let cincinnati = try await app.credentials(Demo.cincinnati)
            try await app.api(.POST, "/api/v1/events", as: taichung,
                              json: #"{"hostCityId":1668399,"kind":"party","title":"","description":"","startsAt":"2099-03-08T02:30","endsAt":"2099-03-05T12:00","timeZone":"America/New_York","agenda":[{"title":"x","speakers":[],"materials":[{"title":"m","url":"ftp://x"}]}]}"#) { res async throws in
                #expect(Set(try res.json(ProblemBody.self).errors?.map(\.field) ?? []) == ["kind", "startsAt", "title", "agenda[0].materials[0].url"])
            }
            let event = try await app.api(.POST, "/api/v1/events", as: taichung, json: Self.workshop(capacity: 1)).json(EventDTO.self)
            #expect(event.localStart == "2099-03-05 10:00" && event.agenda.first?.speakers.first?.cityId == 1_668_399)
            try await app.api(.POST, "/api/v1/events/\(event.id)/registrations", as: taichung, json: #"{"cityId":12908892}"#) { res async throws in
                #expect(res.status == .forbidden)
            }
            #expect(try await app.api(.POST, "/api/v1/events/\(event.id)/registrations", as: newTaipei, json: #"{"cityId":12908892}"#).json(RegistrationDTO.self).status == .registered)
            try await app.api(.POST, "/api/v1/events/\(event.id)/registrations", as: newTaipei, json: #"{"cityId":12908892}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            #expect(try await app.api(.POST, "/api/v1/events/\(event.id)/registrations", as: cincinnati, json: #"{"cityId":4508722}"#).json(RegistrationDTO.self).status == .waitlisted)
            // Only the host sees who comes.
            try await app.api(.GET, "/api/v1/events/\(event.id)/registrations", as: newTaipei) { res async throws in #expect(res.status == .forbidden) }
            #expect(try await app.api(.GET, "/api/v1/events/\(event.id)/registrations", as: taichung).json(CursorPage<RegistrationDTO>.self).items.map(\.status) == [.registered, .waitlisted])
            // New Taipei cancels; Cincinnati moves up.
            #expect(try await app.api(.POST, "/api/v1/events/\(event.id)/registrations/12908892/cancel", as: newTaipei).json(RegistrationDTO.self).status == .cancelled)
            let after = try await app.api(.GET, "/api/v1/events/\(event.id)").json(EventDTO.self)
            #expect(after.registered == 1 && after.waitlisted == 0)
            // Without a waiting list a full event refuses.
            let closed = try await app.api(.POST, "/api/v1/events", as: taichung, json: Self.workshop(capacity: 1, waitingList: false)).json(EventDTO.self)
            _ = try await app.api(.POST, "/api/v1/events/\(closed.id)/registrations", as: newTaipei, json: #"{"cityId":12908892}"#)
            try await app.api(.POST, "/api/v1/events/\(closed.id)/registrations", as: cincinnati, json: #"{"cityId":4508722}"#) { res async throws in
                #expect(res.status == .conflict && res.body.string.contains("full"))
            }
        }
    }

    @Test func concurrentRegistrationsNeverExceedCapacity() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin)
            let event = try await app.api(.POST, "/api/v1/events", as: admin, json: Self.workshop(capacity: 4, waitingList: false)).json(EventDTO.self)
            let cities = [1668399, 12908892, 4508722, 1668341, 6696918, 1673820, 1835848, 3173435, 2759794, 2988507]
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for city in cities {
                    group.addTask {
                        try await app.api(.POST, "/api/v1/events/\(event.id)/registrations", as: admin, json: #"{"cityId":\#(city)}"#).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 4 && statuses.filter { $0 == 409 }.count == 6, "\(statuses)")
            #expect(try await RegistrationRecord.query(on: app.db).filter(\.$eventID == event.id).filter(\.$status == .registered).count() == 4)
        }
    }

    @Test func calendarsAreICalendarThatParsesBackToTheSameInstants() async throws {
        try await withAmity { app async throws in
            let events = try await app.api(.GET, "/api/v1/events?from=2020-04-01&until=2020-04-30").json(CursorPage<EventDTO>.self).items
            let webinar = try #require(events.first { $0.title.hasPrefix("CityNet Webinar I") })
            #expect(webinar.localStart == "2020-04-13 15:00" && webinar.timeZone == "Asia/Seoul")
            let ics = try await app.page("/events/\(webinar.id)/calendar.ics")
            #expect(ics.headers.contentType?.subType == "calendar")
            let starts = ICalendarTestsSupport.values(ics.body.string, "DTSTART")
            #expect(starts == ["20200413T060000Z"], "15:00 in Seoul is 06:00 UTC")
            #expect(ICalendarTestsSupport.parseUTC(starts[0]) == webinar.startsAt)
            // L6: a city's public calendar holds what it hosts, never what it registered for (the host's to see);
            // a network's, what it hosts.
            let taipei = try await app.page("/calendars/cities/1668341.ics").body.string
            #expect(!ICalendarTestsSupport.values(taipei, "SUMMARY").contains { $0.hasPrefix("CityNet Webinar I") })
            let uclg = try await app.page("/calendars/networks/uclg.ics").body.string
            #expect(ICalendarTestsSupport.values(uclg, "SUMMARY").count == 2)
            #expect(try await app.page("/calendars/all.ics").body.string.components(separatedBy: "BEGIN:VEVENT").count - 1 == 5, "four events and a sitting of the Virtual Parliament")
            #expect(try await app.page("/calendars/cities/1.ics").status == .notFound)
            // Pages: the month with the webinar, and the event itself.
            #expect(try await app.page("/events?month=2020-04").body.string.contains("CityNet Webinar I"))
            let page = try await app.page("/events/\(webinar.id)").body.string
            #expect(page.contains("Epidemic outbreak and response: Taipei") && page.contains("2 cities registered"))
            // Nothing comes up after 2020: the page says so, shows the latest past events and opens
            // the calendar on the month of the last one, never on an empty month.
            let listing = try await app.page("/events").body.string
            #expect(listing.contains("No event is coming up. Here are the most recent ones."))
            #expect(listing.contains("Cities Against COVID-19 Global Summit 2020") && listing.contains(#"<h2 id="calendar">June 2020</h2>"#))
            #expect(listing.contains(#"<link rel="alternate" type="text/calendar" href="/calendars/all.ics""#))
            // Words and dates for each reader: the month, the kind, the local time with its zone.
            try await app.testing().test(.GET, "/events?month=2020-04&lang=ko") { res async throws in #expect(res.body.string.contains("2020년 4월")) }
            try await app.testing().test(.GET, "/events/\(webinar.id)?lang=ja") { res async throws in
                #expect(res.body.string.contains("ウェビナー") && res.body.string.contains("2020年4月13日 15:00 Asia/Seoul"))
            }
        }
    }
}

/// The iCalendar readers of `ICalendarTests`, for the server's tests.
enum ICalendarTestsSupport {
    static func values(_ ics: String, _ property: String) -> [String] {
        ics.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { $0.hasPrefix(property + ":") }.map { String($0.dropFirst(property.count + 1)) }
    }

    static func parseUTC(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: text)
    }
}
