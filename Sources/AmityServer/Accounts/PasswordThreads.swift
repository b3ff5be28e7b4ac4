import Foundation
import NIOPosix
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// The threads that hash and check passwords, at the lowest priority the system gives: on Linux the
/// idle policy (`SCHED_IDLE`), which any other thread waking up preempts, and nice 19 elsewhere. A
/// bcrypt check is a quarter of a second of a core, and a storm of sign-ins would otherwise take the
/// cores sales need. They use the cycles sales leave; the kernel still gives them slices of their
/// own, so a check running beside the sales slows them a little (see `SignInGate.share`).
/// How many checks run at once is `SignInGate`'s to say; these threads only run them.
final class PasswordThreads: Sendable {
    private let pool: NIOThreadPool

    init(count: Int) {
        pool = NIOThreadPool(numberOfThreads: max(1, count))
        pool.start()
        // One job on each thread lowers that thread's priority (on Linux the nice value is a thread's):
        // each job waits until all have started, so no thread takes two.
        let started = DispatchGroup(), all = DispatchSemaphore(value: 0)
        for _ in 0..<max(1, count) {
            started.enter()
            pool.submit { _ in
                Self.lowerPriority()
                started.leave()
                all.wait()
            }
        }
        started.wait()
        for _ in 0..<max(1, count) { all.signal() }
    }

    /// Lowers the calling thread's priority: on Linux the nice value and the policy are a thread's own.
    private static func lowerPriority() {
        #if canImport(Glibc)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        // SCHED_IDLE is 5 in <sched.h>; Glibc hides the name behind _GNU_SOURCE. No privilege needed.
        var parameters = sched_param(sched_priority: 0)
        _ = pthread_setschedparam(pthread_self(), 5, &parameters)
        #endif
    }

    /// `password` hashed with the application's hasher (bcrypt at the configured cost).
    func hash(_ password: String, app: Application) async throws -> String {
        try await timed { try app.password.sync.hash(password) }
    }

    /// Whether `password` matches `hash`.
    func verify(_ password: String, created hash: String, app: Application) async throws -> Bool {
        try await timed { try app.password.sync.verify(password, created: hash) }
    }

    /// `work` on a password thread, its processor time added to the admitted attempt's (`SignInGate.spent`).
    private func timed<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let spent = SignInGate.spent
        return try await pool.runIfActive {
            let before = Self.threadTime()
            defer { spent?.add(Self.threadTime() - before) }
            return try work()
        }
    }

    /// The processor time the calling thread has used.
    private static func threadTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    func shutdown() async {
        try? await pool.shutdownGracefully()
    }
}

extension Application {
    private struct PasswordThreadsKey: StorageKey { typealias Value = PasswordThreads }

    /// The instance's password threads, set by `configure`.
    var passwordThreads: PasswordThreads {
        get { storage[PasswordThreadsKey.self]! }
        set { storage[PasswordThreadsKey.self] = newValue }
    }
}

extension Request {
    /// `password` hashed on the password threads.
    func hashPassword(_ password: String) async throws -> String {
        try await application.passwordThreads.hash(password, app: application)
    }

    /// Whether `password` matches `hash`, checked on the password threads.
    func verifyPassword(_ password: String, created hash: String) async throws -> Bool {
        try await application.passwordThreads.verify(password, created: hash, app: application)
    }
}

/// Stops the password threads once requests have ended.
struct PasswordThreadsShutdown: LifecycleHandler {
    func shutdownAsync(_ application: Application) async { await application.passwordThreads.shutdown() }
}
