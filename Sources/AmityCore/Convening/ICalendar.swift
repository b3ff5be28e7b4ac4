import Foundation

/// One event as a calendar shows it.
public struct CalendarEvent: Sendable, Equatable {
    /// Globally unique and stable, so a re-import updates rather than duplicates.
    public var uid: String
    public var start: Date
    public var end: Date
    /// The host's IANA zone, named in the description; times themselves travel in UTC.
    public var timeZone: String
    public var summary: String
    public var description: String
    public var url: String?
    public var updated: Date
    public var cancelled: Bool

    public init(uid: String, start: Date, end: Date, timeZone: String, summary: String, description: String, url: String?, updated: Date, cancelled: Bool = false) {
        (self.uid, self.start, self.end, self.timeZone, self.summary, self.description) = (uid, start, end, timeZone, summary, description)
        (self.url, self.updated, self.cancelled) = (url, updated, cancelled)
    }
}

/// iCalendar (RFC 5545) as calendar programs import it: CRLF lines folded at 75 octets, text
/// escaped, times in UTC, so every reader's program shows them in its own zone, daylight saving
/// included, without relying on time-zone definitions inside the file.
public enum ICalendar {
    public static func calendar(name: String, events: [CalendarEvent]) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Amity//Cities cooperating across borders//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name)]
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + escape(event.uid), "DTSTAMP:" + utc(event.updated), "DTSTART:" + utc(event.start),
                      "DTEND:" + utc(event.end), "SUMMARY:" + escape(event.summary),
                      "DESCRIPTION:" + escape(event.description + "\n\nLocal time: " + LocalTime.text(event.start, zone: event.timeZone) + " (" + event.timeZone + ")")]
            if let url = event.url { lines.append("URL:" + url) }
            lines.append("STATUS:" + (event.cancelled ? "CANCELLED" : "CONFIRMED"))
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// 20200413T070000Z.
    public static func utc(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: ",", with: "\\,")
            .replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
    }

    /// Splits a line into pieces of at most 75 octets, never inside a character; continuations start with a space.
    static func fold(_ line: String) -> String {
        var pieces: [String] = [], current = "", octets = 0
        for character in line {
            let size = String(character).utf8.count
            if octets + size > (pieces.isEmpty ? 75 : 74) {
                pieces.append(current)
                (current, octets) = ("", 0)
            }
            current.append(character)
            octets += size
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }
}
