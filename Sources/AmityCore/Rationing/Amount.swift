/// A sum of money in hundredths of the currency's unit, exact: NT$5 is 500, ₩1,500 is 150000.
///
/// Written as a decimal string (`"5"`, `"0.50"`); read from such a string or a JSON integer.
public struct Amount: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let hundredths: Int64

    public init(hundredths: Int64) { self.hundredths = hundredths }
    /// Whole units.
    public init(_ units: Int) { hundredths = Int64(units) * 100 }

    /// Parses a non-negative decimal with at most two places.
    public init(_ text: String, field: String) throws {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let invalid = DomainError.invalid([.init(field: field, key: "error_amount")])
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 12, parts[0].allSatisfy(\.isASCII),
              let units = Int64(parts[0]), units >= 0 else { throw invalid }
        var cents: Int64 = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                  let fraction = Int64(parts[1]) else { throw invalid }
            cents = parts[1].count == 1 ? fraction * 10 : fraction
        }
        hundredths = units * 100 + cents
    }

    public var description: String {
        let cents = hundredths % 100
        return cents == 0 ? "\(hundredths / 100)" : "\(hundredths / 100).\(padded(Int(cents), to: 2))"
    }

    /// The amount grouped in thousands for reading, with the currency code: `TWD 10`, `KRW 3,000`.
    public func text(currency: String) -> String {
        let cents = hundredths % 100
        return "\(currency) \(Self.grouped(hundredths / 100))" + (cents == 0 ? "" : ".\(padded(Int(cents), to: 2))")
    }

    /// A whole number with commas between thousands, as every catalogue writes counts.
    public static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var text = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.hundredths < rhs.hundredths }
    public static func + (lhs: Amount, rhs: Amount) -> Amount { Amount(hundredths: lhs.hundredths + rhs.hundredths) }
    public static func * (lhs: Amount, count: Int) -> Amount { Amount(hundredths: lhs.hundredths * Int64(count)) }
    public static let zero = Amount(hundredths: 0)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let units = try? container.decode(Int.self), units >= 0, units < 1_000_000_000_000 {
            self.init(units)
        } else if let text = try? container.decode(String.self) {
            try self.init(text, field: FieldPath.of(decoder.codingPath))
        } else {
            throw DomainError.invalid([.init(field: FieldPath.of(decoder.codingPath), key: "error_amount")])
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
