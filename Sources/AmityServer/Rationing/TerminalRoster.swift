import NIOConcurrencyHelpers
import Vapor

/// Every live terminal, by token hash, held in memory: a request with a terminal's token is let in
/// or refused without a read. A storm of made-up tokens (I10) had each cost a read beside the
/// sales; a terminal sends a sale every few seconds all day. The roster asks at most once per
/// `freshness` whether any terminal was issued or revoked (a count each programme keeps), and reads
/// them all again only then. An issue or a revocation on this instance counts at once; one on
/// another instance within `freshness`, as a new policy version does (`ProgrammeCache`). What a
/// terminal writes is checked again inside its transaction (`Terminals.live`), so nothing is sold,
/// reversed or confirmed by a terminal once its revocation has committed.
final class TerminalRoster: Sendable {
    /// Where the roster comes from.
    struct Source: Sendable {
        /// Counts every terminal issued or revoked: while it stands, so does the roster.
        var revision: @Sendable (Application) async throws -> Int
        /// Every live terminal's credential, by token hash.
        var live: @Sendable (Application) async throws -> [String: TerminalCredential]

        /// The instance's database.
        static let database = Source(revision: { app in try await Terminals.revision(on: app.db) },
                                     live: { app in try await Terminals.roster(on: app.db) })
    }

    private struct State {
        var roster: [String: TerminalCredential] = [:]
        /// The revision `roster` was read at; nil before the first read.
        var revision: Int?
        /// When the revision was last found unchanged (or the roster read).
        var checked: ContinuousClock.Instant?
        /// Issues and revocations on this instance: a read that began before one of them is not trusted.
        var changes = 0
        var refreshing: Task<Void, any Error>?
    }

    private let state = NIOLockedValueBox(State())
    private let source: Source
    /// How long the roster stands before a request asks whether it changed.
    let freshness: Duration

    init(freshness: Duration = .seconds(1), source: Source = .database) {
        (self.freshness, self.source) = (freshness, source)
    }

    /// The live terminal of `tokenHash`, or nil for a token unknown or revoked.
    func credential(_ tokenHash: String, app: Application) async throws -> TerminalCredential? {
        // Twice at most: a terminal issued here while a read was under way has that read set aside, and the next one finds it.
        for _ in 0..<2 {
            let now = ContinuousClock.now
            let (fresh, credential, refresh) = state.withLockedValue { state -> (Bool, TerminalCredential?, Task<Void, any Error>?) in
                if let checked = state.checked, now - checked < freshness { return (true, state.roster[tokenHash], nil) }
                if state.refreshing == nil { state.refreshing = Task { try await self.refresh(app) } }
                return (false, nil, state.refreshing)
            }
            if fresh { return credential }
            try await refresh?.value
        }
        return state.withLockedValue { $0.roster[tokenHash] }
    }

    /// Asks whether the roster changed, and reads it again when it did; requests waiting meanwhile share this.
    private func refresh(_ app: Application) async throws {
        defer { state.withLockedValue { $0.refreshing = nil } }
        let started = ContinuousClock.now
        let (known, changes) = state.withLockedValue { ($0.revision, $0.changes) }
        // The revision first, then the terminals: a change committed between them is read twice, never missed.
        let revision = try await source.revision(app)
        let roster = revision == known ? nil : try await source.live(app)
        state.withLockedValue { state in
            guard state.changes == changes else { return }
            if let roster { (state.roster, state.revision) = (roster, revision) }
            state.checked = started
        }
    }

    /// A terminal was issued or revoked here, and has committed: the next request reads the roster again.
    func changed() {
        state.withLockedValue { state in
            state.changes += 1
            state.checked = nil
        }
    }

    /// Terminal `id` was revoked here and has committed: refused from now on, before the roster is read again.
    func forget(terminalID id: Int) {
        state.withLockedValue { state in
            state.roster = state.roster.filter { $0.value.terminalID != id }
            state.changes += 1
            state.checked = nil
        }
    }
}

extension Application {
    private struct TerminalRosterKey: StorageKey { typealias Value = TerminalRoster }

    /// The instance's roster of live terminals, set by `configure`.
    var terminalRoster: TerminalRoster {
        get { storage[TerminalRosterKey.self]! }
        set { storage[TerminalRosterKey.self] = newValue }
    }
}
