import Vapor

/// Plans made over HTTP take turns: one solves at a time on an instance, a few wait in line, and
/// more are refused (503) rather than filling both cores while pages wait. The command line
/// (`amity allocate`) is not in line: an operator runs it on purpose.
struct PlanningQueue: Sendable {
    /// The most offers and needs a plan asked for over HTTP may cover; larger ones are the command line's.
    let maximumOffers: Int
    let maximumNeeds: Int
    private let turns: Turns

    init(maximumOffers: Int = 2_000, maximumNeeds: Int = 5_000, maximumWaiting: Int = 4) {
        (self.maximumOffers, self.maximumNeeds, turns) = (maximumOffers, maximumNeeds, Turns(maximumWaiting: maximumWaiting))
    }

    /// Runs `work` when its turn comes, or refuses at once when the line is full.
    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        do {
            return try await turns.run(work)
        } catch is Turns.Full {
            throw Abort(.serviceUnavailable, headers: ["Retry-After": "30"], reason: "The planner is busy with other plans; try again in a minute.")
        }
    }
}

extension Application {
    private struct PlanningQueueKey: StorageKey { typealias Value = PlanningQueue }

    /// This instance's line of plans, set by `configure`.
    var planningQueue: PlanningQueue {
        get { storage[PlanningQueueKey.self]! }
        set { storage[PlanningQueueKey.self] = newValue }
    }
}
