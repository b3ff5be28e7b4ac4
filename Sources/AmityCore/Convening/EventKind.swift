import Foundation

/// What kind of gathering an event is.
public enum EventKind: String, WireValue, Codable {
    public static let wireName = "event kind", defaultField = "kind"

    case webinar, summit
    case mayoralMeeting = "mayoral-meeting"
    case workshop
}

/// A wall-clock time in a named time zone, as hosts write it ("15:00 in Asia/Taipei").
public enum LocalTime {
    /// The instant of `text` (YYYY-MM-DDTHH:MM) in `zone`; a time that the zone skips (a daylight
    /// saving gap) is refused rather than moved.
    public static func instant(_ text: String, zone: String, field: String) throws -> Date {
        guard let timeZone = TimeZone(identifier: zone) else {
            throw DomainError.invalid("timeZone", "'\(zone)' is not an IANA time zone such as Asia/Taipei or America/New_York.")
        }
        let parts = text.split(whereSeparator: { "-T:".contains($0) }).compactMap { Int($0) }
        guard text.count == 16, parts.count == 5 else { throw DomainError.invalid(field, "Give \(field) as YYYY-MM-DDTHH:MM, local time.") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4])
        guard let date = calendar.date(from: components) else { throw DomainError.invalid(field, "'\(text)' is not a date and time.") }
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard back.year == parts[0], back.month == parts[1], back.day == parts[2], back.hour == parts[3], back.minute == parts[4] else {
            throw DomainError.invalid(field, "\(text) does not exist in \(zone): the clocks skip it (daylight saving).")
        }
        return date
    }

    /// The wall-clock time of `date` in `zone`, as YYYY-MM-DD HH:MM.
    public static func text(_ date: Date, zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone) ?? TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
