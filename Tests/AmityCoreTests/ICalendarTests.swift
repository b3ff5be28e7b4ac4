import AmityCore
import Foundation
import Testing

@Suite struct ICalendarTests {
    /// Unfolds an iCalendar text and reads one property of each VEVENT.
    static func values(_ ics: String, _ property: String) -> [String] {
        let unfolded = ics.replacingOccurrences(of: "\r\n ", with: "")
        return unfolded.components(separatedBy: "\r\n").filter { $0.hasPrefix(property + ":") }.map { String($0.dropFirst(property.count + 1)) }
    }

    static func parseUTC(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: text)
    }

    @Test func localTimesBecomeTheRightInstantsAcrossZonesAndDaylightSaving() throws {
        // New York: EST (UTC-5) until 8 March 2020 at 2:00, then EDT (UTC-4).
        let before = try LocalTime.instant("2020-03-07T10:00", zone: "America/New_York", field: "startsAt")
        let after = try LocalTime.instant("2020-03-09T10:00", zone: "America/New_York", field: "startsAt")
        let taipei = try LocalTime.instant("2020-04-13T15:00", zone: "Asia/Taipei", field: "startsAt")
        let ics = ICalendar.calendar(name: "Test", events: [
            CalendarEvent(uid: "a@amity", start: before, end: before.addingTimeInterval(3_600), timeZone: "America/New_York", summary: "Before", description: "", url: nil, updated: before),
            CalendarEvent(uid: "b@amity", start: after, end: after.addingTimeInterval(3_600), timeZone: "America/New_York", summary: "After", description: "", url: nil, updated: after),
            CalendarEvent(uid: "c@amity", start: taipei, end: taipei.addingTimeInterval(5_400), timeZone: "Asia/Taipei", summary: "Taipei", description: "", url: nil, updated: taipei),
        ])
        #expect(Self.values(ics, "DTSTART") == ["20200307T150000Z", "20200309T140000Z", "20200413T070000Z"])
        #expect(Self.values(ics, "DTSTART").compactMap(Self.parseUTC) == [before, after, taipei])
        #expect(Self.values(ics, "DTEND").compactMap(Self.parseUTC) == [before.addingTimeInterval(3_600), after.addingTimeInterval(3_600), taipei.addingTimeInterval(5_400)])
        // The clocks skip 2:30 on 8 March in New York: refused, not moved.
        #expect(throws: DomainError.self) { try LocalTime.instant("2020-03-08T02:30", zone: "America/New_York", field: "startsAt") }
        #expect(throws: DomainError.self) { try LocalTime.instant("2020-04-13T15:00", zone: "Mars/Olympus", field: "startsAt") }
    }

    @Test func linesAreFoldedAndTextEscapedAsRFC5545Says() {
        let summary = "CityNet; Taipei, Taoyuan — 臺北市與桃園市的疫情簡報 " + String(repeating: "防疫", count: 30)
        let ics = ICalendar.calendar(name: "Test", events: [
            CalendarEvent(uid: "x@amity", start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 60), timeZone: "UTC", summary: summary,
                          description: "Line one\nLine two, with a comma", url: "https://amity.example/events/1", updated: Date(timeIntervalSince1970: 0))])
        #expect(ics.hasSuffix("END:VCALENDAR\r\n") && !ics.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in ics.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
        #expect(Self.values(ics, "SUMMARY") == [summary.replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: ",", with: "\\,")])
        #expect(Self.values(ics, "DESCRIPTION").first?.hasPrefix("Line one\\nLine two\\, with a comma") == true)
        #expect(ics.contains("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && Self.values(ics, "UID") == ["x@amity"])
    }
}
