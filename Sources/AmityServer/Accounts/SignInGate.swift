import NIOConcurrencyHelpers
import Vapor

/// Admission for the work a password costs (I10): a sign-in writes its attempt and checks a bcrypt
/// hash, a sign-up hashes one, each a few hundred milliseconds of a core. A few run at a time; the
/// rest wait in one queue where a network address holds one place, served first come first served,
/// so a flood from one address cannot crowd out everyone else's turn. An attempt that finds the
/// queue full, or its address already waiting, is refused at once with 429 and `Retry-After`,
/// before it writes or hashes anything. In 2020 the logins at 09:00 took down Taiwan's eMask and
/// Korea's sales portal; here a storm waits its turn on the cores it is given, and sales keep the rest.
final class SignInGate: Sendable {
    /// The refusal: come back in `retryAfterSeconds`.
    struct Busy: AbortError {
        var retryAfterSeconds: Int
        var status: HTTPResponseStatus { .tooManyRequests }
        var reason: String { "Many people are signing in right now; try again in \(retryAfterSeconds) seconds." }
        var headers: HTTPHeaders { ["Retry-After": String(retryAfterSeconds)] }
    }

    private struct Waiting {
        var address: String
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var running = 0
        var queue: [Waiting] = []
        /// The first place of `queue` still waiting: served places are dropped in bulk, not one by one.
        var head = 0
        var addresses: Set<String> = []
        /// A slot's last turn: its check and its rest, for telling the refused when to come back.
        var cycle: Duration = .milliseconds(500)
        var waiting: Int { queue.count - head }
    }

    /// Password checks run at once: on a two-core server, one, so sales keep a core.
    let slots: Int
    /// Attempts that may wait for a slot.
    let queueLength: Int
    /// The part of a slot's time checks may take: after a check, the slot rests until the check is
    /// this share of the turn. Even at the idle priority a check running beside the sales slowed
    /// them (Benchmarks/README.md, the sign-in storm); resting, it takes a bounded part of a core.
    let share: Double
    private let state = NIOLockedValueBox(State())

    /// The processor time an admitted attempt's password work took, which the password threads add to.
    final class Spent: Sendable {
        private let total = NIOLockedValueBox(Duration.zero)
        func add(_ time: Duration) { total.withLockedValue { $0 += time } }
        var time: Duration { total.withLockedValue { $0 } }
    }

    /// The attempt this task runs for, when admitted.
    @TaskLocal static var spent: Spent?

    init(slots: Int, queueLength: Int, share: Double = 1) {
        (self.slots, self.queueLength, self.share) = (max(1, slots), max(0, queueLength), min(1, max(0.01, share)))
    }

    /// Runs `work` when a slot is free, or throws `Busy` at once when the queue has no place for `address`.
    func admit<T: Sendable>(_ address: String, _ work: () async throws -> T) async throws -> T {
        try await enter(address)
        let started = ContinuousClock.now, spent = Spent()
        do {
            let result = try await Self.$spent.withValue(spent) { try await work() }
            leave(started: started, spent: spent.time)
            return result
        } catch {
            leave(started: started, spent: spent.time)
            throw error
        }
    }

    /// Whether an attempt from `address` would be refused now: the front of the middleware chain
    /// asks, so a storm is refused before its body, session and CSRF token are read. An attempt let
    /// through may still be refused by `admit`, which decides.
    func isFull(for address: String) -> Bool {
        state.withLockedValue { state in
            !(state.running < slots && state.waiting == 0) && (state.waiting >= queueLength || state.addresses.contains(address))
        }
    }

    /// How many are running and waiting now (for tests and metrics).
    var load: (running: Int, waiting: Int) { state.withLockedValue { ($0.running, $0.waiting) } }

    private func enter(_ address: String) async throws {
        enum Entry { case now, wait, refused(Int) }
        var entry = Entry.now
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            entry = state.withLockedValue { state in
                if state.running < slots && state.waiting == 0 { state.running += 1; return .now }
                guard state.waiting < queueLength, !state.addresses.contains(address) else { return .refused(Self.retryAfter(state, slots: slots)) }
                state.queue.append(Waiting(address: address, continuation: continuation))
                state.addresses.insert(address)
                return .wait
            }
            if case .wait = entry { return }
            continuation.resume()
        }
        if case .refused(let seconds) = entry { throw Busy(retryAfterSeconds: seconds) }
    }

    /// Seconds to come back after: roughly the time the queue ahead takes, at a slot's last turn an attempt.
    var retryAfter: Int { state.withLockedValue { Self.retryAfter($0, slots: slots) } }

    private static func retryAfter(_ state: State, slots: Int) -> Int {
        let turn = Double(state.cycle.components.seconds) + Double(state.cycle.components.attoseconds) / 1e18
        return max(1, min(30, Int((Double(state.waiting + slots) * turn / Double(slots)).rounded(.up))))
    }

    /// The slot's turn is over once the processor time its password work took is `share` of it:
    /// then it goes to the next waiting. Processor time, not the time passed, since a check the
    /// sales kept waiting has taken no more of them.
    private func leave(started: ContinuousClock.Instant, spent: Duration) {
        let passed = ContinuousClock.now - started, rest = max(.zero, spent * (1 / share) - passed)
        state.withLockedValue { $0.cycle = passed + rest }
        guard rest >= .milliseconds(1) else { return handOff() }
        Task {
            try? await Task.sleep(for: rest)
            handOff()
        }
    }

    /// Hands the slot to the first waiting, or frees it.
    private func handOff() {
        let next = state.withLockedValue { state -> Waiting? in
            guard state.waiting > 0 else { state.running -= 1; return nil }
            let next = state.queue[state.head]
            state.head += 1
            state.addresses.remove(next.address)
            if state.head > 64 && state.head * 2 > state.queue.count { state.queue.removeFirst(state.head); state.head = 0 }
            return next
        }
        next?.continuation.resume()
    }
}

/// Refuses a sign-in or sign-up at the front of the chain when the gate is full: past capacity, the
/// refusal is the whole cost of an attempt.
struct SignInAdmission: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST, request.url.path == "/sign-in" || request.url.path == "/sign-up" else { return try await next.respond(to: request) }
        let gate = request.application.signInGate
        if gate.isFull(for: request.clientNetwork) { return AccountPages.busy(SignInGate.Busy(retryAfterSeconds: gate.retryAfter), request) }
        return try await next.respond(to: request)
    }
}

extension Application {
    private struct SignInGateKey: StorageKey { typealias Value = SignInGate }

    /// The instance's admission for sign-ins and sign-ups, set by `configure`.
    var signInGate: SignInGate {
        get { storage[SignInGateKey.self]! }
        set { storage[SignInGateKey.self] = newValue }
    }
}
