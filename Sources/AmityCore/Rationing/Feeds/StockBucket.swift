/// How much an outlet has, in the buckets Korea's public-mask API published instead of numbers
/// (`remain_stat`): readers learnt where to go without a count that was stale by the time they arrived.
public enum StockBucket: String, Sendable, CaseIterable, Codable {
    /// 100 or more.
    case plenty
    /// 30 to 99.
    case some
    /// 2 to 29.
    case few
    /// 0 or 1.
    case empty
    /// The outlet has stopped selling.
    case `break`

    /// The bucket of `available` units at an outlet that sells (`selling`) or has stopped.
    public init(available: Int, selling: Bool = true) {
        guard selling else { self = .break; return }
        switch available {
        case 100...: self = .plenty
        case 30..<100: self = .some
        case 2..<30: self = .few
        default: self = .empty
        }
    }
}
