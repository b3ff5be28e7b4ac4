import AmityCore
import Vapor

/// The parameters every analysis reads, each checked; what cannot be read is named in one 400.
struct AnalysisQuery {
    var countries: [String] = ["US", "CN", "TW"]
    var span: MonthSpan
    var at: PartialDate?

    /// The paper's months: 2020, when cities answered the pandemic before their states did.
    static let defaultSpan = (from: "2020-01", to: "2020-12")

    init(_ req: Request) async throws {
        var errors: [DomainError.FieldError] = []
        if let text = req.query[String.self, at: "countries"] {
            let codes = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            var known: [String] = []
            for code in codes {
                if let parsed = try? CountryCode(code), try await Country.find(parsed.rawValue, on: req.db) != nil { known.append(parsed.rawValue) }
            }
            if known.count != codes.count || Set(known).count != 3 {
                errors.append(.init(field: "countries", message: "'\(text)' is not three different ISO 3166-1 alpha-2 codes of countries Amity knows, separated by commas."))
            } else {
                countries = known
            }
        }
        let from = req.query[String.self, at: "from"] ?? Self.defaultSpan.from, to = req.query[String.self, at: "to"] ?? Self.defaultSpan.to
        var span = try MonthSpan(from: Self.defaultSpan.from, to: Self.defaultSpan.to)
        do { span = try MonthSpan(from: from, to: to) } catch let DomainError.invalid(fields) { errors += fields }
        self.span = span
        if let text = req.query[String.self, at: "at"] {
            if (try? CalendarDay.parse(text, field: "at")) != nil { at = try? PartialDate(text) }
            else { errors.append(.init(field: "at", message: "'\(text)' is not a day of the form YYYY-MM-DD.")) }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
    }

    /// The last day of each month of the span, for the graph as it stood at each month's end.
    var monthEnds: [PartialDate] {
        span.months.compactMap { month in
            let parts = month.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            let (year, number) = (parts[0], parts[1])
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            let last = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][number - 1]
            return try? PartialDate("\(month)-\(last)")
        }
    }
}
