import Foundation

/// Dates and times as a reader of a language writes them ("14 July 2020", "2020年7月14日",
/// "2020년 7월 14일"), the patterns and month names taken from the message catalogue.
public struct DateWording: Sendable {
    public let catalogue: MessageCatalogue
    public let language: Language

    public init(catalogue: MessageCatalogue, language: Language) {
        (self.catalogue, self.language) = (catalogue, language)
    }

    /// The calendar day `date` falls on in `zone`.
    public func day(_ date: Date, in zone: TimeZone = .utc) -> String {
        let parts = Self.calendar(zone).dateComponents([.year, .month, .day], from: date)
        return catalogue.text("date_day", in: language, [
            "year": String(parts.year ?? 0), "month": catalogue.text("month_\(parts.month ?? 1)", in: language), "day": String(parts.day ?? 0),
        ])
    }

    /// The day and the 24-hour time in `zone`, followed by the zone's name ("UTC", "Asia/Taipei").
    public func dayAndTime(_ date: Date, in zone: TimeZone = .utc) -> String {
        let parts = Self.calendar(zone).dateComponents([.hour, .minute], from: date)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        let name = ["UTC", "GMT", "Etc/UTC"].contains(zone.identifier) ? "UTC" : zone.identifier
        return catalogue.text("date_time", in: language, ["day": day(date, in: zone), "time": time, "zone": name])
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
