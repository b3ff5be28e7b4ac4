import Foundation

/// A day of the Gregorian calendar as a count of days since 1970-01-01, so windows and cycles
/// are integer arithmetic; written `YYYY-MM-DD`.
public struct CivilDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, Strideable {
    /// Days since 1970-01-01 (negative before it).
    public let number: Int

    public init(number: Int) { self.number = number }

    /// The day with this year, month and day (the caller has checked them; see `init(_:field:)`).
    public init(year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil: exact for every Gregorian date, no calendar object.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        number = era * 146_097 + dayOfEra - 719_468
    }

    /// Parses `YYYY-MM-DD`, naming `field` when it is not a day.
    public init(_ text: String, field: String) throws {
        let date = try PartialDate(text, field: field)
        guard let month = date.month, let day = date.day else {
            throw DomainError.invalid([.init(field: field, key: "error_day")])
        }
        self.init(year: date.year, month: month, day: day)
    }

    /// Year, month and day.
    public var parts: (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        Weekday.allCases[((number + 3) % 7 + 7) % 7]
    }

    /// The Monday that starts this day's calendar week.
    public var weekStart: CivilDay { CivilDay(number: number - weekday.index) }

    public var description: String {
        let (year, month, day) = parts
        return padded(year, to: 4) + "-" + padded(month, to: 2) + "-" + padded(day, to: 2)
    }

    public static func < (lhs: CivilDay, rhs: CivilDay) -> Bool { lhs.number < rhs.number }
    public func distance(to other: CivilDay) -> Int { other.number - number }
    public func advanced(by n: Int) -> CivilDay { CivilDay(number: number + n) }

    public init(from decoder: Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self), field: FieldPath.of(decoder.codingPath))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The first and the last day a partly known date can be.
    public static func bounds(of date: PartialDate) -> ClosedRange<CivilDay> {
        let firstMonth = date.month ?? 1, lastMonth = date.month ?? 12
        let first = CivilDay(year: date.year, month: firstMonth, day: date.day ?? 1)
        let last = CivilDay(year: date.year, month: lastMonth, day: date.day ?? PartialDate.days(inMonth: lastMonth, year: date.year))
        return first...last
    }
}

/// A day of the week, Monday first as ISO 8601 counts it.
public enum Weekday: String, CaseIterable, Sendable, Codable {
    case mon, tue, wed, thu, fri, sat, sun

    /// 0 for Monday through 6 for Sunday.
    public var index: Int { Weekday.allCases.firstIndex(of: self)! }
}

extension Weekday: CodingKeyRepresentable {}
