import AmityCore
import Vapor

/// What plans asked for over HTTP may be: how large, and how many may wait. The command line
/// (`amity allocate`) has none of these limits: an operator runs it on purpose.
struct PlanLimits: Sendable {
    /// The most offers and needs such a plan may cover (about half a minute of a release build's core).
    var maximumOffers = 2_000
    var maximumNeeds = 5_000
    /// Plans one person may have waiting or being made at once.
    var pendingPerPerson = 2
    /// Plans that may wait, on every instance together, before new ones are refused (503).
    var queued = 40
    /// A job whose worker has been silent this long is put back in line (its instance stopped).
    var silence: TimeInterval = 90
    /// A job that stopped its workers this many times fails rather than stopping another.
    var attempts = 3

    /// Refuses, with the way out, a plan larger than the web may ask for.
    func check(offers: Int, needs: Int, field: String) throws {
        guard offers <= maximumOffers, needs <= maximumNeeds else {
            throw DomainError.invalid(field,
                "This plan would weigh \(offers) offers against \(needs) needs, more than a plan asked for on the web may "
                + "(\(maximumOffers) and \(maximumNeeds)). An administrator runs it on the server: amity allocate --save.")
        }
    }
}

extension Application {
    private struct PlanLimitsKey: StorageKey { typealias Value = PlanLimits }

    /// This instance's limits on plans asked for over HTTP, set by `configure`.
    var planLimits: PlanLimits {
        get { storage[PlanLimitsKey.self] ?? PlanLimits() }
        set { storage[PlanLimitsKey.self] = newValue }
    }
}
