import AmityCore
import Foundation

/// A calendar day, YYYY-MM-DD: how forms, queries and the demo data give a day, and how pages print one.
enum CalendarDay {
    /// The day's first instant in UTC; anything but a real YYYY-MM-DD is an error on `field`.
    static func parse(_ text: String, field: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        // The formatter rolls 2020-02-30 over to 1 March; a day that does not come back as written does not exist.
        guard text.count == 10, !text.hasPrefix("0000"), let date = formatter.date(from: text), Self.text(date) == text else {
            throw DomainError.invalid(field, key: "error_day")
        }
        return date
    }

    /// A day `YYYY-MM-DD` as a `PartialDate`: the `?at=` of every view of the record as it stood.
    static func partialDate(_ text: String, field: String) throws -> PartialDate {
        _ = try parse(text, field: field)
        return try PartialDate(text, field: field)
    }

    /// The day of `date` in UTC, as pages print it: the same in every language.
    static func text(_ date: Date) -> String {
        ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
    }
}
