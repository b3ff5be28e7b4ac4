import AmityCore
import Foundation
import Leaf
import LeafKit

/// `#day(x)` and `#dayTime(x)`: a date as the page's reader writes it, from the words the page
/// already holds (`chrome.t`). `x` is a date, an ISO 8601 instant or day ("2020-07-14",
/// "2020-07-14T00:00:00Z"), or a local time with its zone (`#dayTime(e.localStart, e.timeZone)`,
/// "2020-04-01 10:00" in Asia/Taipei). What is not a date shows as it is.
struct DateTag: LeafTag {
    /// Whether the time of day is said too.
    let withTime: Bool

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let first = ctx.parameters.first else { throw LeafError(.unknownError("#day needs a date")) }
        // The page's words as they are, not copied: a page may say dozens of dates.
        let words = ctx.pageWords
        let wording = DateWording(lookup: { words[$0]?.string })
        if let seconds = first.double, first.celf == .double {
            return .string(say(Date(timeIntervalSince1970: seconds), wording))
        }
        guard let text = first.string, !text.isEmpty else { return .string("") }
        if let zone = ctx.parameters.dropFirst().first?.string, let local = Self.localTime(text) {
            return .string(wording.dayAndTime(year: local.0, month: local.1, day: local.2, hour: local.3, minute: local.4, zone: zone))
        }
        if let instant = Self.instant(text) { return .string(say(instant, wording)) }
        if let day = Self.localTime(text + " 00:00"), text.count == 10 { return .string(wording.day(year: day.0, month: day.1, day: day.2)) }
        return .string(text)
    }

    private func say(_ date: Date, _ wording: DateWording) -> String {
        withTime ? wording.dayAndTime(date) : wording.day(date)
    }

    private static func instant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// "YYYY-MM-DD HH:MM" (or with a T) as its parts.
    private static func localTime(_ text: String) -> (Int, Int, Int, Int, Int)? {
        let parts = text.split(whereSeparator: { "-: T".contains($0) }).compactMap { Int($0) }
        guard parts.count == 5, text.count == 16, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return (parts[0], parts[1], parts[2], parts[3], parts[4])
    }
}

/// `#month("2020-04")`: a month of a year as the page's reader writes it ("April 2020", "2020年4月").
struct MonthTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let text = ctx.parameters.first?.string else { return .string("") }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[1]) else { return .string(text) }
        let words = ctx.pageWords
        let month = words["month_\(parts[1])"]?.string ?? String(parts[1])
        return .string(MessageCatalogue.fill(words["date_month"]?.string ?? "{month} {year}", ["month": month, "year": String(parts[0])]))
    }
}
