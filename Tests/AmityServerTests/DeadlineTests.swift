@testable import AmityServer
import AmityCore
import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import Testing
import Vapor

/// Work that never ends (a query written to a connection the server has just closed) is given up,
/// and its caller goes on: a request gets a 503, a background worker its next turn.
@Suite struct DeadlineTests {
    /// A wait that only the test ends, as a query whose promise nobody fails.
    final class Stuck: Sendable {
        private let waiting = NIOLockedValueBox<[CheckedContinuation<Void, Never>]>([])
        func wait() async { await withCheckedContinuation { continuation in waiting.withLockedValue { $0.append(continuation) } } }
        func release() { for continuation in waiting.withLockedValue({ list in defer { list = [] }; return list }) { continuation.resume() } }
        var count: Int { waiting.withLockedValue { $0.count } }
    }

    @Test func workThatNeverEndsIsGivenUpAndTheCallerGoesOn() async throws {
        let stuck = Stuck()
        await #expect(throws: DeadlinePassed.self) {
            try await withDeadline(.milliseconds(200), on: MultiThreadedEventLoopGroup.singleton.any()) {
                await stuck.wait() // ignores cancellation, as the stuck query does
                return 1
            }
        }
        #expect(stuck.count == 1, "the work was left behind, not awaited")
        stuck.release()
    }

    @Test func cancellableWorkIsCancelledWhenGivenUpAndFinishedWorkKeepsItsResult() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let cancelled = NIOLockedValueBox(false)
        await #expect(throws: DeadlinePassed.self) {
            try await withDeadline(.milliseconds(200), on: loop) {
                do { try await Task.sleep(for: .seconds(60)) } catch { cancelled.withLockedValue { $0 = true }; throw error }
            }
        }
        for _ in 0..<100 where !cancelled.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(cancelled.withLockedValue { $0 })
        #expect(try await withDeadline(.seconds(30), on: loop) { 42 } == 42)
        await #expect(throws: DomainError.self) {
            try await withDeadline(.seconds(30), on: loop) { () async throws -> Int in throw DomainError.conflict("no") }
        }
    }

    @Test func aRequestPastTheDeadlineIsA503ThatSaysItWasGivenUp() async throws {
        try await withAmity(seeded: false) { app async throws in
            app.amity.requestDeadline = .milliseconds(300)
            let stuck = Stuck()
            app.get("api", "v1", "stuck-for-test") { _ async -> String in
                await stuck.wait()
                return "late"
            }
            #expect(try await app.page("/api/v1/stuck-for-test").status == .serviceUnavailable, "a page says so too")
            try await app.api(.GET, "/api/v1/stuck-for-test") { res async throws in
                #expect(res.status == .serviceUnavailable)
                #expect(res.headers.contentType == Problem.mediaType)
                #expect(res.headers.first(name: .retryAfter) != nil)
                #expect(res.body.string.contains("gave up"), "\(res.body.string)")
            }
            // The stuck handlers still hold on; a generous deadline again, so a busy machine cannot fail the check.
            app.amity.requestDeadline = .seconds(30)
            try await app.api(.GET, "/healthz") { res async throws in #expect(res.status == .ok, "the next request is served") }
            stuck.release()
        }
    }

    @Test func aWorkerWhoseTurnNeverEndsTakesItsNextTurn() async throws {
        try await withAmity(seeded: false) { app async throws in
            let stuck = Stuck()
            let turns = NIOLockedValueBox(0)
            let worker = BackgroundWorker(deadline: .milliseconds(200)) { _ in
                let turn = turns.withLockedValue { $0 += 1; return $0 }
                if turn == 1 { await stuck.wait() }
                return .idle
            }
            await worker.wake(app)
            for _ in 0..<250 where turns.withLockedValue({ $0 }) < 2 {
                try await Task.sleep(for: .milliseconds(20))
                await worker.wake(app)
            }
            #expect(turns.withLockedValue { $0 } >= 2, "a second turn ran though the first never ended")
            stuck.release()
            await worker.stop()
        }
    }
}
