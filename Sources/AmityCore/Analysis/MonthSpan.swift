/// A run of calendar months, `from` to `to` inclusive, as analyses count them month by month.
public struct MonthSpan: Sendable, Hashable {
    public let from: PartialDate
    public let to: PartialDate

    /// The longest span an analysis draws: ten years of months.
    public static let longest = 120

    /// `from` and `to` as `YYYY-MM`; names the field that cannot be read, or a span that runs
    /// backwards or longer than ten years.
    public init(from: String, to: String) throws {
        let first = try Self.month(from, field: "from"), last = try Self.month(to, field: "to")
        guard !(last < first) else { throw DomainError.invalid("to", "'\(to)' comes before '\(from)'.") }
        self.from = first
        self.to = last
        guard months.count <= Self.longest else { throw DomainError.invalid("to", "A span is at most \(Self.longest) months.") }
    }

    private static func month(_ text: String, field: String) throws -> PartialDate {
        guard let date = try? PartialDate(text, field: field), date.month != nil, date.day == nil else {
            throw DomainError.invalid(field, "'\(text)' is not a month of the form YYYY-MM.")
        }
        return date
    }

    /// Every month of the span, as `YYYY-MM`.
    public var months: [String] {
        var out: [String] = []
        var (year, month) = (from.year, from.month ?? 1)
        while (year, month) <= (to.year, to.month ?? 12), out.count <= Self.longest {
            out.append(Self.key(year: year, month: month))
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        return out
    }

    /// The last day of each month of the span: the graph as it stood at each month's end.
    public var monthEnds: [PartialDate] {
        months.compactMap { month in
            guard let date = try? PartialDate(month), let number = date.month else { return nil }
            return try? PartialDate("\(month)-\(PartialDate.days(inMonth: number, year: date.year))")
        }
    }

    /// `YYYY-MM` for a date precise to the month or the day; nil for a bare year.
    public static func key(of date: PartialDate?) -> String? {
        guard let date, let month = date.month else { return nil }
        return key(year: date.year, month: month)
    }

    static func key(year: Int, month: Int) -> String {
        String(repeating: "0", count: max(0, 4 - String(year).count)) + "\(year)-" + (month < 10 ? "0" : "") + "\(month)"
    }
}
