/// A calendar date known to the year, the month or the day, as history often is.
///
/// Written and read as ISO 8601: `1988`, `1988-05` or `1988-05-12`. Orders by its earliest day.
public struct PartialDate: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (ASCII digits), checking the month's length and leap years.
    public init(_ text: String, field: String = "date") throws {
        // Read from the bytes: every entitlement question parses two of these, and splitting into
        // substrings and counting characters cost more than the rest of the check.
        var utf8 = text
        let parsed: (Int, Int?, Int?)? = utf8.withUTF8 { bytes in
            func number(_ from: Int, _ count: Int) -> Int? {
                guard bytes.count >= from + count, from == 0 || bytes[from - 1] == UInt8(ascii: "-") else { return nil }
                var value = 0
                for byte in bytes[from..<from + count] {
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                return value
            }
            let parts = bytes.count == 4 ? 1 : bytes.count == 7 ? 2 : bytes.count == 10 ? 3 : 0
            guard parts > 0, let year = number(0, 4), year >= 1 else { return nil }
            let (month, day) = (parts > 1 ? number(5, 2) : nil, parts > 2 ? number(8, 2) : nil)
            if parts > 1 { guard let month, (1...12).contains(month) else { return nil } }
            if parts > 2 { guard let month, let day, (1...PartialDate.days(inMonth: month, year: year)).contains(day) else { return nil } }
            return (year, month, day)
        }
        guard let (year, month, day) = parsed else {
            throw DomainError.invalid(field, "'\(text)' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
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
