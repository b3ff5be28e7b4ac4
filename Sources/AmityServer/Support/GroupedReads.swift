import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Reads of one kind asked by many requests at once, answered together: questions that arrive
/// while a read runs wait and go in the next, one query for all of them. A query's fixed costs (a
/// pooled connection, SQLite's hop to its thread and back, parsing and planning) were most of the
/// CPU of the hottest requests (Benchmarks/README.md, rationing); grouped, they are paid once for
/// many. Every read starts after its question was asked, so it sees every commit made before.
final class GroupedReads<Question: Sendable, Answer: Sendable>: Sendable {
    /// The answers to `questions`, in their order, read through `db`.
    typealias Read = @Sendable (_ questions: [Question], _ db: any SQLDatabase) async throws -> [Answer]

    private struct Waiting {
        var question: Question
        var app: Application
        var reply: CheckedContinuation<Answer, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var running = 0
        var largest = 0
    }

    private let state = NIOLockedValueBox(State())
    private let read: Read
    private let lanes: Int
    private let largest: Int

    /// Up to `lanes` reads at once (one per core keeps both busy), each of `largest` questions at most.
    init(lanes: Int = 2, largest: Int = 256, _ read: @escaping Read) {
        (self.lanes, self.largest, self.read) = (lanes, largest, read)
    }

    /// The most questions one read has answered so far: how much grouping the load brought.
    var largestGroup: Int { state.withLockedValue(\.largest) }

    /// `question`'s answer, read with the others waiting through `app`'s database. (A database
    /// handle is made per read, not per question: on PostgreSQL making one costs as much as a hop.)
    func ask(_ question: Question, app: Application) async throws -> Answer {
        try await withCheckedThrowingContinuation { reply in
            let start = state.withLockedValue { state -> Bool in
                state.waiting.append(Waiting(question: question, app: app, reply: reply))
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
            do {
                let answers = try await read(group.map(\.question), first.app.db.sql)
                precondition(answers.count == group.count, "a grouped read answers every question")
                for (waiting, answer) in zip(group, answers) { waiting.reply.resume(returning: answer) }
            } catch {
                for waiting in group { waiting.reply.resume(throwing: error) }
            }
        }
    }
}
