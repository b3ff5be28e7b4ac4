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
        var waiting: Int { queue.count - head }
    }

    /// Password checks run at once: on a two-core server, one, so sales keep a core.
    let slots: Int
    /// Attempts that may wait for a slot.
    let queueLength: Int
    private let state = NIOLockedValueBox(State())

    init(slots: Int, queueLength: Int) {
        (self.slots, self.queueLength) = (max(1, slots), max(0, queueLength))
    }

    /// Runs `work` when a slot is free, or throws `Busy` at once when the queue has no place for `address`.
    func admit<T: Sendable>(_ address: String, _ work: () async throws -> T) async throws -> T {
        try await enter(address)
        do {
            let result = try await work()
            leave()
            return result
        } catch {
            leave()
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

    /// Seconds to come back after: roughly the time the queue ahead takes, at half a second an attempt.
    var retryAfter: Int { state.withLockedValue { Self.retryAfter($0, slots: slots) } }

    private static func retryAfter(_ state: State, slots: Int) -> Int { max(1, min(30, (state.waiting + slots) / (2 * slots))) }

    /// Hands the slot to the first waiting, or frees it.
    private func leave() {
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
