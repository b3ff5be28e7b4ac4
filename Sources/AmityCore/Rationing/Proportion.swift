/// Exact arithmetic for proportional alternatives: shares of pools with different maxima are
/// compared in units of their least common multiple, never as floating point.
enum Proportion {
    /// The least common multiple of `maxima`, or nil when it does not fit comfortably in an Int
    /// (a policy that needs it is refused at validation).
    static func commonDenominator(_ maxima: [Int]) -> Int? {
        var result = 1
        for value in maxima where value > 0 {
            let (product, overflow) = (result / gcd(result, value)).multipliedReportingOverflow(by: value)
            guard !overflow, product <= 1 << 40 else { return nil }
            result = product
        }
        return result
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
