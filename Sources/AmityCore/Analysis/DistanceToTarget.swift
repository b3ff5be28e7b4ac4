/// Distance to target as the OECD's localised SDG tool computes it: each value is put on a 0 to 100
/// scale between the worst value among the compared cities (0) and the target (100), and the
/// distance is 100 minus that score. A value at or past its target scores 100.
public enum DistanceToTarget {
    /// Which way is better for an indicator.
    public enum Direction: String, Sendable, Codable, CaseIterable {
        case higher, lower
    }

    /// One compared value, with the target it is measured against.
    public struct Entry: Sendable, Hashable {
        public var value: Double
        public var target: Double
        public init(value: Double, target: Double) { (self.value, self.target) = (value, target) }
    }

    /// The score (0 to 100) of each entry, in order; the worst is taken over all entries.
    public static func scores(_ entries: [Entry], better: Direction) -> [Double] {
        guard let worst = better == .higher ? entries.map(\.value).min() : entries.map(\.value).max() else { return [] }
        return entries.map { score(value: $0.value, worst: worst, target: $0.target, better: better) }
    }

    /// One value's score between `worst` (0) and `target` (100), clamped to that range.
    public static func score(value: Double, worst: Double, target: Double, better: Direction) -> Double {
        let reached = better == .higher ? value >= target : value <= target
        if reached { return 100 }
        let span = target - worst
        // The worst value is already the target's side of the value: nothing to scale against.
        guard span != 0, (better == .higher) == (span > 0) else { return 0 }
        return min(100, max(0, (value - worst) / span * 100))
    }
}
