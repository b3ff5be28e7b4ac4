import Vapor

/// Plans made over HTTP take turns: one solves at a time on an instance, a few wait in line, and
/// more are refused (503) rather than filling both cores while pages wait. The command line
/// (`amity allocate`) is not in line: an operator runs it on purpose.
actor PlanningQueue {
    /// The most offers and needs a plan asked for over HTTP may cover; larger ones are the command line's.
    nonisolated let maximumOffers: Int
    nonisolated let maximumNeeds: Int
    /// Plans waiting behind the one solving.
    let maximumWaiting: Int
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(maximumOffers: Int = 2_000, maximumNeeds: Int = 5_000, maximumWaiting: Int = 4) {
        (self.maximumOffers, self.maximumNeeds, self.maximumWaiting) = (maximumOffers, maximumNeeds, maximumWaiting)
    }

    /// Runs `work` when its turn comes, or refuses at once when the line is full.
    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        if busy {
            guard waiting.count < maximumWaiting else {
                throw Abort(.serviceUnavailable, headers: ["Retry-After": "30"], reason: "The planner is busy with other plans; try again in a minute.")
            }
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer { if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() } }
        return try await work()
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
