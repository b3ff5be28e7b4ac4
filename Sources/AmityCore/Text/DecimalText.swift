/// A number written with at most `places` decimals and no trailing zeros, the same on every
/// platform and locale (`-0.04` to one place is `0`): for CSV, JSON-adjacent text and SVG.
public enum DecimalText {
    public static func text(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<max(0, min(places, 9)) { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        // Past 2^53 a double has no fractional digits left to show; past Int64 it cannot be converted
        // at all (an indicator of 1e39 would trap), so large values are written as Swift prints them.
        guard scaled < 9e15 else { return abs(value) < 9.2e18 ? String(Int64(value.rounded())) : value.description }
        let units = Int64(scaled), factor = Int64(scale)
        var fraction = String(units % factor)
        fraction = String(repeating: "0", count: max(0, String(factor).count - 1 - fraction.count)) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let sign = value < 0 && units != 0 ? "-" : ""
        return sign + String(units / factor) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
