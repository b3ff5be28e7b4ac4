import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// SQLite's write-ahead log folded back into the database file once writes have paused. SQLite
/// folds it in within a commit, every 1,000 pages, and resets it only at the next write after a
/// complete fold: after the last write of a burst the log stayed, and every read looked its pages
/// up there first, and a log that readers keep in use is never reset (Benchmarks/README.md,
/// rationing, item 27). Once the whole log is in the file, reads pass it by, and it is emptied.
final class QuietCheckpoint: Sendable {
    /// Folds the log in; true once all of it is in the database file.
    typealias Fold = @Sendable () async throws -> Bool

    private struct State {
        var writes = 0
        var watch: Task<Void, Never>?
        var stopped = false
    }

    private let state = NIOLockedValueBox(State())
    private let quiet: Duration
    private let fold: Fold
    /// A reader on an older snapshot holds part of the log back; tried again this many pauses.
    private static let attempts = 3

    /// Folds the log in with `fold` once `quiet` has passed without a write.
    init(after quiet: Duration = .seconds(1), fold: @escaping Fold) {
        (self.quiet, self.fold) = (quiet, fold)
    }

    /// Notes a write in `turns`: the log is folded in, in a turn of its own, after the next pause.
    func wrote(in turns: Turns) {
        state.withLockedValue { state in
            state.writes += 1
            guard state.watch == nil, !state.stopped else { return }
            state.watch = Task { await self.watch(turns) }
        }
    }

    private func watch(_ turns: Turns) async {
        var seen = state.withLockedValue(\.writes), failures = 0
        while true {
            do { try await Task.sleep(for: quiet) } catch { break }
            let writes = state.withLockedValue(\.writes)
            guard writes == seen else {
                seen = writes
                continue
            }
            let folded = (try? await turns.take(fold)) == true
            failures = folded ? 0 : failures + 1
            // Done when folded (or tried enough) with no write since; a write meanwhile waits its pause.
            let done = state.withLockedValue { state in
                guard state.writes == seen, folded || failures >= Self.attempts else { return false }
                state.watch = nil
                return true
            }
            if done { return }
            seen = state.withLockedValue(\.writes)
        }
        state.withLockedValue { $0.watch = nil }
    }

    /// Stops watching, after a fold under way: the connections it uses close next.
    func stop() async {
        let watch = state.withLockedValue { state in
            state.stopped = true
            return state.watch
        }
        watch?.cancel()
        await watch?.value
    }

    /// Folds SQLite's log into the file, leaving the log empty when no reader still uses it. It
    /// never waits: with a reader in the log or another checkpoint running, it folds what it can.
    static func fold(on sql: any SQLDatabase) async throws -> Bool {
        guard let row = try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").first() else { return true }
        // log is -1 when the database is not in WAL mode (in memory): nothing to fold.
        let log = try row.decode(column: "log", as: Int.self), folded = try row.decode(column: "checkpointed", as: Int.self)
        return folded >= log
    }
}
