import NIOConcurrencyHelpers
import Vapor

/// The terminals this instance has let in lately, by token hash. A terminal sends a sale every few
/// seconds all day, and reading its row for each one was a tenth of PostgreSQL's work in the sales
/// benchmark. A credential read less than `freshness` ago lets a request in without a read; what a
/// terminal writes is checked again inside its transaction (`Terminals.live`), so nothing is sold,
/// reversed or confirmed by a terminal once its revocation has committed. A revocation on this
/// instance is forgotten here at once; one on another instance reaches this one's reads within
/// `freshness`, as a new policy version does (`ProgrammeCache`).
final class TerminalCache: Sendable {
    /// Reads the live terminal of a token hash from the database.
    typealias Read = @Sendable (_ tokenHash: String, _ app: Application) async throws -> TerminalCredential?

    private struct Entry {
        var credential: TerminalCredential
        var checked: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Counts revocations, so a read that began before one never stores what it found.
        var revocations = 0
    }

    private let state = NIOLockedValueBox(State())
    private let read: Read
    /// How long a credential read is trusted for letting a request in.
    let freshness: Duration

    init(freshness: Duration = .seconds(1), read: @escaping Read) {
        (self.freshness, self.read) = (freshness, read)
    }

    /// The live terminal of `tokenHash`, or nil for a token unknown or revoked (never kept).
    func credential(_ tokenHash: String, app: Application) async throws -> TerminalCredential? {
        let now = ContinuousClock.now
        let (entry, revocations) = state.withLockedValue { ($0.entries[tokenHash], $0.revocations) }
        if let entry, now - entry.checked < freshness { return entry.credential }
        let found = try await read(tokenHash, app)
        state.withLockedValue { state in
            guard state.revocations == revocations else { return }
            state.entries[tokenHash] = found.map { Entry(credential: $0, checked: now) }
        }
        return found
    }

    /// Forgets terminal `id` once its revocation has committed here: its next request reads again.
    func forget(terminalID id: Int) {
        state.withLockedValue { state in
            state.revocations += 1
            state.entries = state.entries.filter { $0.value.credential.terminalID != id }
        }
    }
}

extension Application {
    private struct TerminalCacheKey: StorageKey { typealias Value = TerminalCache }

    /// The terminals this instance let in lately, set by `configure`.
    var terminalCache: TerminalCache {
        get { storage[TerminalCacheKey.self]! }
        set { storage[TerminalCacheKey.self] = newValue }
    }
}
