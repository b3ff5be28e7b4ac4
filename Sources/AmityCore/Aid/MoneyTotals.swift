/// Money given, summed per currency (never across currencies, which have no common unit) with
/// checked arithmetic: a sum too large to hold is never wrapped and never stops the server; it is
/// held at the largest amount and marked as exceeding it, so no total is silently wrong.
public struct MoneyTotals: Sendable, Equatable {
    /// One currency's total and how many gifts made it.
    public struct Total: Sendable, Equatable, Codable {
        public var currency: String
        public var amount: Int64
        public var gifts: Int
        /// The true total is beyond `amount`, which is then the largest Amity counts.
        public var exceeds: Bool
    }

    private var totals: [String: Total] = [:]

    public init() {}

    /// Adds a gift of `amount` whole units of `currency`.
    public mutating func add(_ amount: Int64, _ currency: CurrencyCode) {
        var total = totals[currency.rawValue] ?? Total(currency: currency.rawValue, amount: 0, gifts: 0, exceeds: false)
        let (sum, overflow) = total.amount.addingReportingOverflow(amount)
        if overflow || total.exceeds {
            (total.amount, total.exceeds) = (amount < 0 && !total.exceeds ? .min : .max, true)
        } else {
            total.amount = sum
        }
        total.gifts += 1
        totals[currency.rawValue] = total
    }

    /// The total of one currency (zero where none was given).
    public func amount(in currency: CurrencyCode) -> Int64 { totals[currency.rawValue]?.amount ?? 0 }

    /// Whether the total of one currency is beyond what `amount(in:)` can say.
    public func exceeds(in currency: CurrencyCode) -> Bool { totals[currency.rawValue]?.exceeds ?? false }

    /// Every currency given, by its code.
    public var all: [Total] { totals.values.sorted { $0.currency < $1.currency } }

    /// How much of `target` a total reaches, in whole percent (0 for no target, past 100 when exceeded).
    public static func percent(_ amount: Int64, of target: Int64) -> Int {
        guard target > 0, amount > 0 else { return 0 }
        return Int(min(Double(amount) / Double(target) * 100, Double(Int32.max)).rounded(.down))
    }
}
