import Vapor

/// The time, as a value the application holds so tests can move it (token expiry, lockouts, reminders).
struct WallClock: Sendable {
    var now: @Sendable () -> Date

    static let system = WallClock { Date() }
}

extension Application {
    private struct WallClockKey: StorageKey { typealias Value = WallClock }

    /// The clock every expiry and lockout reads.
    var clock: WallClock {
        get { storage[WallClockKey.self] ?? .system }
        set { storage[WallClockKey.self] = newValue }
    }
}
