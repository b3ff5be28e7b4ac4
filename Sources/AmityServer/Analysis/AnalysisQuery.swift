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
            let codes = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace().uppercased() }
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
            do { at = try CalendarDay.partialDate(text, field: "at") } catch let DomainError.invalid(fields) { errors += fields }
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
    }
}
