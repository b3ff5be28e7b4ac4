/// Exact arithmetic for proportional alternatives: shares of pools with different maxima are
/// compared in units of their least common multiple, never as floating point.
enum Proportion {
    /// The least common multiple of `maxima`, or nil past 2^32 (a policy that needs more is refused at
    /// validation): with counts bounded by `ceiling` and at most 20 alternatives, every share fits an Int.
    static func commonDenominator(_ maxima: [Int]) -> Int? {
        var result = 1
        for value in maxima where value > 0 {
            let (product, overflow) = (result / gcd(result, value)).multipliedReportingOverflow(by: value)
            guard !overflow, product <= 1 << 32 else { return nil }
            result = product
        }
        return result
    }

    /// The most a count is ever taken to be: one past the largest limit a policy may set.
    static let ceiling = PolicyChecks.largestLimit + 1

    /// `a + b` kept within 0…`ceiling`, whatever a history (a dry run's, typed by hand) holds.
    static func bounded(_ a: Int, plus b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { return b > 0 ? ceiling : 0 }
        return Swift.min(Swift.max(sum, 0), ceiling)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
