/// A calendar date known to the year, the month or the day, as history often is.
///
/// Written and read as ISO 8601: `1988`, `1988-05` or `1988-05-12`. Orders by its earliest day.
public struct PartialDate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the month's length and leap years.
    public init(_ text: String, field: String = "date") throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let invalid = DomainError.invalid(field, "'\(text)' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              let year = Int(parts[0]), year >= 1 else { throw invalid }
        let month = parts.count > 1 ? Int(parts[1]) : nil
        let day = parts.count > 2 ? Int(parts[2]) : nil
        if parts.count > 1 { guard let month, (1...12).contains(month) else { throw invalid } }
        if parts.count > 2 {
            guard let month, let day, (1...PartialDate.days(inMonth: month, year: year)).contains(day) else { throw invalid }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        var text = padded(year, to: 4)
        if let month { text += "-" + padded(month, to: 2) }
        if let day { text += "-" + padded(day, to: 2) }
        return text
    }

    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        (lhs.year, lhs.month ?? 0, lhs.day ?? 0) < (rhs.year, rhs.month ?? 0, rhs.day ?? 0)
    }

    public init(from decoder: Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Zero-padded decimal digits, as ISO 8601 writes years, months and days.
func padded(_ value: Int, to width: Int) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
