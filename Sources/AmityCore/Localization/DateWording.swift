import Foundation

/// Dates and times as a reader of a language writes them ("14 July 2020", "2020年7月14日",
/// "2020년 7월 14일"), the patterns and month names taken from the message catalogue.
public struct DateWording: Sendable {
    /// A message of the reader's catalogue by key (`date_day`, `month_7`).
    private let word: @Sendable (String) -> String

    public init(catalogue: MessageCatalogue, language: Language) {
        word = { catalogue.text($0, in: language) }
    }

    /// From a lookup of the words by key (a page's own words); a missing one reads as its key.
    public init(lookup: @escaping @Sendable (String) -> String?) {
        word = { lookup($0) ?? $0 }
    }

    /// The calendar day `date` falls on in `zone`.
    public func day(_ date: Date, in zone: TimeZone = .utc) -> String {
        let parts = Self.calendar(zone).dateComponents([.year, .month, .day], from: date)
        return day(year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// A day given by its parts.
    public func day(year: Int, month: Int, day: Int) -> String {
        MessageCatalogue.fill(word("date_day"), ["year": String(year), "month": word("month_\(month)"), "day": String(day)])
    }

    /// The day and the 24-hour time in `zone`, followed by the zone's name ("UTC", "Asia/Taipei").
    public func dayAndTime(_ date: Date, in zone: TimeZone = .utc) -> String {
        let parts = Self.calendar(zone).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return dayAndTime(year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1,
                          hour: parts.hour ?? 0, minute: parts.minute ?? 0, zone: Self.name(of: zone))
    }

    /// A local day and time given by its parts, in the zone named `zone`.
    public func dayAndTime(year: Int, month: Int, day: Int, hour: Int, minute: Int, zone: String) -> String {
        MessageCatalogue.fill(word("date_time"), [
            "day": self.day(year: year, month: month, day: day), "time": String(format: "%02d:%02d", hour, minute), "zone": zone,
        ])
    }

    private static func name(of zone: TimeZone) -> String {
        ["UTC", "GMT", "Etc/UTC"].contains(zone.identifier) ? "UTC" : zone.identifier
    }

    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}

extension TimeZone {
    /// Coordinated Universal Time.
    public static let utc = TimeZone(identifier: "UTC")!
}
