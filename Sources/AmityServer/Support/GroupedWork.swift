import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Work of one kind that many requests ask for at once, done together: what arrives while a group
/// runs waits and goes in the next, up to `lanes` groups at once, each of `largest` items at most.
/// Reads use it (one query answers many questions: `RationingReads`), and so do sales (one
/// transaction commits many: `SaleBatch`). A query's or a commit's fixed costs (a pooled connection,
/// a hop to SQLite's thread and back, parsing and planning, a flush) were most of the CPU of the
/// hottest requests (Benchmarks/README.md, rationing); grouped, they are paid once for many. Every
/// group starts after its items were asked, so it sees every commit made before.
final class GroupedWork<Item: Sendable, Outcome: Sendable>: Sendable {
    /// The outcomes of `items`, one each, in their order, done through `app`.
    typealias Work = @Sendable (_ items: [Item], _ app: Application) async -> [Result<Outcome, any Error>]

    private struct Waiting {
        var item: Item
        var app: Application
        var reply: CheckedContinuation<Outcome, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var running = 0
        var largest = 0
    }

    private let state = NIOLockedValueBox(State())
    private let work: Work
    private let lanes: Int
    private let largest: Int

    init(lanes: Int, largest: Int, _ work: @escaping Work) {
        (self.lanes, self.largest, self.work) = (lanes, largest, work)
    }

    /// Reads answered together by `read`, on one hot connection (`HotConnection`), two at once (one
    /// per core keeps both busy); a read that fails fails every question in it. (A connection is
    /// taken per read, not per question: on PostgreSQL taking one costs as much as a hop.)
    convenience init(lanes: Int = 2, largest: Int = 256, read: @escaping @Sendable (_ questions: [Item], _ db: HotConnection) async throws -> [Outcome]) {
        self.init(lanes: lanes, largest: largest) { questions, app in
            do {
                let answers = try await app.hotDatabase.withHotConnection { try await read(questions, $0) }
                precondition(answers.count == questions.count, "a grouped read answers every question")
                return answers.map { .success($0) }
            } catch {
                return questions.map { _ in .failure(error) }
            }
        }
    }

    /// The most items one group has held so far: how much grouping the load brought.
    var largestGroup: Int { state.withLockedValue(\.largest) }

    /// `item`'s outcome, done in the next group through `app`.
    func ask(_ item: Item, app: Application) async throws -> Outcome {
        try await withCheckedThrowingContinuation { reply in
            let start = state.withLockedValue { state -> Bool in
                state.waiting.append(Waiting(item: item, app: app, reply: reply))
                guard state.running < lanes else { return false }
                state.running += 1
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let group = state.withLockedValue { state -> [Waiting] in
                let group = Array(state.waiting.prefix(largest))
                state.waiting.removeFirst(group.count)
                state.largest = max(state.largest, group.count)
                if group.isEmpty { state.running -= 1 }
                return group
            }
            guard let first = group.first else { return }
            let outcomes = await work(group.map(\.item), first.app)
            precondition(outcomes.count == group.count, "grouped work gives every item its outcome")
            for (waiting, outcome) in zip(group, outcomes) { waiting.reply.resume(with: outcome) }
        }
    }
}
