import NIOConcurrencyHelpers
import Vapor

/// Counts what each caller did in a sliding window and refuses past a limit: sign-ups, plans,
/// event streams. In memory, per instance: it bounds the load one instance takes, it is not a
/// shared ledger (the sign-in throttle, which must hold across instances, counts in the database).
final class RateLimit: Sendable {
    let limit: Int
    let window: TimeInterval
    private let state = NIOLockedValueBox(Callers())

    /// Each caller's recent times, and the size at which the stale are next swept out: sweeping
    /// only when the map has doubled keeps a flood of distinct callers (addresses behind a proxy)
    /// at constant cost per call instead of a scan of every caller on every call.
    private struct Callers {
        var times: [String: [Date]] = [:]
        var sweepAt = 10_000
    }

    init(limit: Int, per window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// How many callers are remembered now: what the sweep bounds.
    var callers: Int { state.withLockedValue { $0.times.count } }

    /// Takes one unit for `key` at `now`, or throws 429 with the seconds to wait.
    func take(_ key: String, now: Date, what: String) throws {
        let wait: TimeInterval? = state.withLockedValue { callers in
            if callers.times.count > callers.sweepAt {
                callers.times = callers.times.filter { $0.value.last.map { now.timeIntervalSince($0) < window } ?? false }
                callers.sweepAt = max(10_000, callers.times.count * 2)
            }
            // In place: one look-up of the key, and no new array for a caller already known.
            return Self.take(at: now, window: window, limit: limit, from: &callers.times[key, default: []])
        }
        if let wait {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw Abort(.tooManyRequests, headers: ["Retry-After": String(seconds)],
                        reason: "Too many \(what) from here. Try again in \(max(1, seconds / 60)) minute\(seconds >= 120 ? "s" : "").")
        }
    }
}

extension RateLimit {
    /// Takes one unit from a caller's `recent` times at `now`, or tells how long until one frees.
    private static func take(at now: Date, window: TimeInterval, limit: Int, from recent: inout [Date]) -> TimeInterval? {
        recent.removeAll { now.timeIntervalSince($0) >= window }
        guard recent.count < limit else { return window - now.timeIntervalSince(recent[0]) }
        recent.append(now)
        return nil
    }
}

extension Application {
    private struct RateLimitsKey: StorageKey { typealias Value = RateLimits }

    /// This instance's rate limits, set by `configure`.
    var rateLimits: RateLimits {
        get { storage[RateLimitsKey.self]! }
        set { storage[RateLimitsKey.self] = newValue }
    }
}

/// Every limit Amity applies per caller, in one place.
final class RateLimits: Sendable {
    /// Sign-ups per address: each costs a bcrypt hash.
    let signUps = RateLimit(limit: 10, per: 3600)
    /// Allocation plans per person: each may take seconds of CPU.
    let plans = RateLimit(limit: 20, per: 3600)
    /// Needs, offers and gifts per person: each is a live entry, an audit row and a line on `/aid`.
    let posts = RateLimit(limit: 300, per: 3600)
    /// Account mails asked for (confirmation again, reset, address change), per person and per address:
    /// nobody turns Amity into a mail cannon.
    let mails = RateLimit(limit: 10, per: 3600)
    /// Entitlement questions per address: each names a document number, and guessing numbers with a
    /// birth date must stay slow.
    let entitlements = RateLimit(limit: 30, per: 3600)
}

extension Request {
    /// Counts one posting (a need, an offer, a gift) against the signed-in person's hourly allowance;
    /// administrators (who load data in bulk, as the benchmarks do) have none.
    func takePost() throws {
        guard signedIn?.isAdministrator != true else { return }
        try application.rateLimits.posts.take("person:\(signedIn?.id ?? 0)", now: application.clock.now(), what: "postings")
    }
}
