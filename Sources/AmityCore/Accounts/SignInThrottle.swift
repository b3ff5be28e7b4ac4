/// When repeated failed sign-ins lock an account or an address, and for how long.
///
/// Pure: the caller passes the recent failures it counted and the current time.
public struct SignInThrottle: Sendable {
    /// Failures of one account from one address within `window` that lock that pair: a guesser
    /// stops, while the account's owner, elsewhere, can still sign in.
    public var pairLimit = 5
    /// Failures of one account from everywhere within `window` that lock it (guessing spread
    /// over many addresses); high enough that one stranger cannot lock an account alone.
    public var accountLimit = 100
    /// Failures from one address within `window` that block it (it may be trying many accounts).
    public var addressLimit = 20
    public var window: Duration = .seconds(15 * 60)
    public var lockout: Duration = .seconds(15 * 60)

    public init() {}

    /// The answer for a sign-in about to be tried.
    public enum Verdict: Equatable, Sendable {
        case allowed
        /// Blocked until the given number of seconds have passed.
        case locked(retryAfterSeconds: Int)
    }

    /// Decides from the times (seconds since the epoch) of recent failures of the account from this
    /// address, of the account from anywhere, and of the address.
    public func verdict(pairFailures: [Double], accountFailures: [Double], addressFailures: [Double], now: Double) -> Verdict {
        let windowSeconds = Double(window.components.seconds), lockSeconds = Double(lockout.components.seconds)
        func lockedUntil(_ failures: [Double], limit: Int) -> Double? {
            let recent = failures.filter { now - $0 < windowSeconds + lockSeconds }.sorted()
            guard recent.count >= limit else { return nil }
            // The lock starts at the failure that reached the limit within one window.
            for end in (limit - 1)..<recent.count where recent[end] - recent[end - limit + 1] < windowSeconds {
                let until = recent[end] + lockSeconds
                if until > now { return until }
            }
            return nil
        }
        let until = [lockedUntil(pairFailures, limit: pairLimit), lockedUntil(accountFailures, limit: accountLimit),
                     lockedUntil(addressFailures, limit: addressLimit)].compactMap { $0 }.max()
        guard let until else { return .allowed }
        return .locked(retryAfterSeconds: Int((until - now).rounded(.up)))
    }
}
