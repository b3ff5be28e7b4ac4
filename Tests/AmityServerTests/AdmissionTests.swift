@testable import AmityServer
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

/// Admission control for sign-ins (I10): a few password checks at a time, one place in the queue
/// per address, first come first served, and everything past it refused at once with 429.
@Suite struct AdmissionTests {
    /// A gate of one slot and two places: a third address, and a second attempt from a waiting
    /// address, are refused at once; the waiting are served in the order they came.
    @Test func theQueueIsFairAndBounded() async throws {
        let gate = SignInGate(slots: 1, queueLength: 2)
        let release = Latch(), order = NIOLockedValueBox<[String]>([])
        let holder = Task { try await gate.admit("10.0.0.1") { await release.wait(); order.withLockedValue { $0.append("first") } } }
        try await until { gate.load.running == 1 }
        let a = Task { try await gate.admit("10.0.0.2") { order.withLockedValue { $0.append("a") } } }
        try await until { gate.load.waiting == 1 }
        let b = Task { try await gate.admit("10.0.0.3") { order.withLockedValue { $0.append("b") } } }
        try await until { gate.load.waiting == 2 }
        for address in ["10.0.0.4", "10.0.0.2"] {
            let started = ContinuousClock.now
            await #expect(throws: SignInGate.Busy.self) { try await gate.admit(address) { } }
            #expect(ContinuousClock.now - started < .milliseconds(10), "refused at once")
        }
        release.open()
        try await holder.value; try await a.value; try await b.value
        #expect(order.withLockedValue { $0 } == ["first", "a", "b"])
        #expect(gate.load == (0, 0))
        // A failing attempt gives its slot back too.
        await #expect(throws: Abort.self) { try await gate.admit("10.0.0.5") { throw Abort(.badRequest) } }
        #expect(gate.load == (0, 0))
    }

    /// A sign-in that finds no place is answered 429 with `Retry-After` and the sentence in the
    /// reader's language, having written nothing; once the slot frees, the same sign-in works.
    @Test func aSignInPastCapacityIsRefusedAndWritesNothing() async throws {
        try await withAmity { app async throws in
            app.signInGate = SignInGate(slots: 1, queueLength: 0)
            let release = Latch()
            let holder = Task { try await app.signInGate.admit("192.0.2.9") { await release.wait() } }
            try await until { app.signInGate.load.running == 1 }
            let before = try await SignInAttempt.query(on: app.db).count()
            let refused = try await app.form("/sign-in?lang=zh-Hant", fields: ["email": Demo.reader, "password": DemoAccounts.password])
            #expect(refused.status == .tooManyRequests && refused.headers.first(name: "Retry-After") != nil)
            #expect(refused.body.string.contains("現在登入的人很多"))
            #expect(try await SignInAttempt.query(on: app.db).count() == before, "nothing written for a refused attempt")
            // Refused at the front of the chain, before the form and its CSRF token are read.
            #expect(try await app.form("/sign-in", fields: ["email": Demo.reader, "password": "x"], csrf: "not-the-token").status == .tooManyRequests)
            release.open()
            try await holder.value
            let admitted = try await app.form("/sign-in", fields: ["email": Demo.reader, "password": DemoAccounts.password])
            #expect(admitted.status == .seeOther && admitted.headers.first(name: .location) == "/account")
        }
    }

    private func until(_ condition: () -> Bool) async throws {
        for _ in 0..<2_000 where !condition() { try await Task.sleep(for: .milliseconds(1)) }
        #expect(condition())
    }
}

/// Opens once; everyone waiting goes on.
private final class Latch: Sendable {
    private let state = NIOLockedValueBox<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))
    func wait() async {
        await withCheckedContinuation { continuation in
            let now = state.withLockedValue { state -> Bool in
                if state.open { return true }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }
    func open() {
        for continuation in state.withLockedValue({ state -> [CheckedContinuation<Void, Never>] in state.open = true; defer { state.waiting = [] }; return state.waiting }) {
            continuation.resume()
        }
    }
}

/// A slot rests after each check until the check's processor time is its share of the turn: the
/// checks of a storm take a bounded part of a core, and the refused are told to come back after the queue's turns.
extension AdmissionTests {
    @Test func aSlotRestsForItsShare() async throws {
        let gate = SignInGate(slots: 1, queueLength: 4, share: 0.5)
        let starts = NIOLockedValueBox<[ContinuousClock.Instant]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<3 {
                group.addTask {
                    try await gate.admit("10.0.1.\(n)") {
                        starts.withLockedValue { $0.append(.now) }
                        // As the password threads count a check's processor time.
                        SignInGate.spent?.add(.milliseconds(100))
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            try await group.waitForAll()
        }
        let times = starts.withLockedValue { $0 }
        #expect(times.count == 3)
        for (earlier, later) in zip(times, times.dropFirst()) {
            #expect(later - earlier >= .milliseconds(195), "100 ms of processor time at half a slot's time: a turn of 200 ms, \(later - earlier)")
        }
        try await until { gate.load == (0, 0) }
        // The last turn was about 0.2 s: four waiting and one slot make one second.
        #expect(gate.retryAfter == 1)
    }
}
