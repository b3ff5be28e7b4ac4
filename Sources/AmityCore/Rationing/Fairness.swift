import Foundation

/// The fairness report's arithmetic (spec §4.6): who bought against who is registered, category
/// by category of one dimension (age band, district, document type), as a standardized
/// difference of proportions. Cells of fewer than 10 people are not shown, so no figure points at
/// a person.
public enum Fairness {
    /// A count of 1 to this less one is suppressed.
    public static let smallestCell = 10
    /// A standardized difference within ±0.1 counts as balanced.
    public static let target = 0.1

    /// One category of one dimension.
    public struct Row: Sendable, Equatable, Codable {
        /// `ageBand`, `district` or `document`.
        public var dimension: String
        public var category: String
        /// Nil when suppressed.
        public var registered: Int?
        public var buyers: Int?
        /// The category's share of everyone registered, and of every buyer (0 to 1).
        public var registeredShare: Double?
        public var buyerShare: Double?
        /// (buyer share − registered share) / √((p₁(1−p₁) + p₂(1−p₂)) / 2); nil when suppressed.
        public var difference: Double?
        /// Whether the figures are held back: a count of 1 to 9 people.
        public var suppressed: Bool
        /// Whether |difference| is within the target.
        public var balanced: Bool?
    }

    /// The rows of one dimension from its counts, categories in order.
    public static func rows(dimension: String, registered: [String: Int], buyers: [String: Int]) -> [Row] {
        let everyone = registered.values.reduce(0, +), bought = buyers.values.reduce(0, +)
        return Set(registered.keys).union(buyers.keys).sorted().map { category in
            let people = registered[category] ?? 0, buying = buyers[category] ?? 0
            let small = { (count: Int) in count > 0 && count < smallestCell }
            guard !small(people), !small(buying) else {
                return Row(dimension: dimension, category: category, registered: nil, buyers: nil, registeredShare: nil, buyerShare: nil,
                           difference: nil, suppressed: true, balanced: nil)
            }
            let p = everyone > 0 ? Double(people) / Double(everyone) : 0, q = bought > 0 ? Double(buying) / Double(bought) : 0
            let spread = ((q * (1 - q) + p * (1 - p)) / 2).squareRoot()
            let difference = spread > 0 ? (q - p) / spread : 0
            return Row(dimension: dimension, category: category, registered: people, buyers: buying, registeredShare: p, buyerShare: q,
                       difference: difference, suppressed: false, balanced: abs(difference) < target)
        }
    }

    /// The age bands the report counts in, by age on the report's last day.
    public static let ageBands = ["0–12", "13–17", "18–39", "40–64", "65+"]

    /// The band of someone born in `birthYear`, in `year` (an age by years: the report's cells are
    /// wide enough that a birthday within the year moves nobody across a band's meaning).
    public static func ageBand(born birthYear: Int, in year: Int) -> String {
        switch year - birthYear {
        case ..<13: ageBands[0]
        case 13..<18: ageBands[1]
        case 18..<40: ageBands[2]
        case 40..<65: ageBands[3]
        default: ageBands[4]
        }
    }
}
