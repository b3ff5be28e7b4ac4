@testable import AmityServer
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

/// The roster of live terminals: a storm of made-up tokens costs no read; a change is learnt with
/// one small read a second; a change on this instance counts at once.
@Suite struct TerminalRosterTests {
    /// A source that counts what it is asked, with a revision and terminals the test sets.
    final class CountingSource: Sendable {
        struct Counts: Equatable { var revisions = 0, rosters = 0 }
        let counts = NIOLockedValueBox(Counts())
        let data = NIOLockedValueBox((revision: 1, live: ["known": TerminalCredential(terminalID: 1, outletID: 10, programmeID: 100)]))
        /// How long a question takes.
        let delay = NIOLockedValueBox(Duration.zero)

        var source: TerminalRoster.Source {
            TerminalRoster.Source(revision: { _ in
                self.counts.withLockedValue { $0.revisions += 1 }
                try await Task.sleep(for: self.delay.withLockedValue { $0 })
                return self.data.withLockedValue { $0.revision }
            }, live: { _ in
                self.counts.withLockedValue { $0.rosters += 1 }
                return self.data.withLockedValue { $0.live }
            })
        }
    }

    @Test func madeUpTokensCostNoReadAndChangesAreLearnt() async throws {
        try await withAmity(seeded: false) { app async throws in
            let counting = CountingSource()
            let roster = TerminalRoster(freshness: .seconds(3600), source: counting.source)
            // A thousand made-up tokens at once: one question, one read, shared.
            try await withThrowingTaskGroup(of: TerminalCredential?.self) { group in
                for n in 0..<1_000 { group.addTask { try await roster.credential("made-up-\(n)", app: app) } }
                for try await found in group { #expect(found == nil) }
            }
            #expect(counting.counts.withLockedValue { $0 } == .init(revisions: 1, rosters: 1))
            #expect(try await roster.credential("known", app: app)?.terminalID == 1)
            #expect(counting.counts.withLockedValue { $0 } == .init(revisions: 1, rosters: 1), "fresh: nothing asked")

            // Issued here: the next request asks, and reads the terminals again since the count moved.
            counting.data.withLockedValue { $0 = (2, $0.live.merging(["new": TerminalCredential(terminalID: 2, outletID: 10, programmeID: 100)]) { $1 }) }
            roster.changed()
            #expect(try await roster.credential("new", app: app)?.terminalID == 2)
            #expect(counting.counts.withLockedValue { $0 } == .init(revisions: 2, rosters: 2))
            // Nothing changed: asked, not read.
            roster.changed()
            #expect(try await roster.credential("new", app: app) != nil)
            #expect(counting.counts.withLockedValue { $0 } == .init(revisions: 3, rosters: 2))
            // Revoked here: refused at once, before any question.
            roster.forget(terminalID: 2)
            counting.data.withLockedValue { $0 = (3, $0.live.filter { $0.key != "new" }) }
            #expect(try await roster.credential("new", app: app) == nil)
            #expect(try await roster.credential("known", app: app) != nil)
        }
    }

    /// Elsewhere, within a second: another instance's issue reaches this one's roster.
    @Test func anotherInstancesTerminalIsLetInWithinASecond() async throws {
        try await withAmity(seeded: false) { app async throws in
            let counting = CountingSource()
            let roster = TerminalRoster(freshness: .milliseconds(50), source: counting.source)
            #expect(try await roster.credential("elsewhere", app: app) == nil)
            counting.data.withLockedValue { $0 = (2, ["elsewhere": TerminalCredential(terminalID: 3, outletID: 10, programmeID: 100)]) }
            #expect(try await roster.credential("elsewhere", app: app) == nil, "still fresh")
            try await Task.sleep(for: .milliseconds(60))
            #expect(try await roster.credential("elsewhere", app: app)?.terminalID == 3)
            #expect(try await roster.credential("known", app: app) == nil, "revoked elsewhere: gone with the read")
        }
    }

    /// A terminal issued here while a read is under way is let in by the request that waited for that read.
    @Test func aTerminalIssuedDuringAReadIsFound() async throws {
        try await withAmity(seeded: false) { app async throws in
            let counting = CountingSource()
            counting.delay.withLockedValue { $0 = .milliseconds(100) }
            let roster = TerminalRoster(freshness: .seconds(3600), source: counting.source)
            let asking = Task { try await roster.credential("issued", app: app) }
            try await Task.sleep(for: .milliseconds(30))
            // Committed, then counted here, while the first read waits for its answer.
            counting.data.withLockedValue { $0 = (2, $0.live.merging(["issued": TerminalCredential(terminalID: 4, outletID: 10, programmeID: 100)]) { $1 }) }
            roster.changed()
            #expect(try await asking.value?.terminalID == 4)
        }
    }

    /// Only the shape of an issued token is looked up.
    @Test func aTokenOfAnotherShapeIsRefusedUnread() {
        let issued = Secret.token(prefix: TerminalCredential.prefix)
        #expect(TerminalCredential.isWellFormed(issued))
        for token in ["amity_terminal_storm12", issued + "A", String(issued.dropLast()) + "=", String(issued.dropLast()) + "é", "amity_" + String(issued.dropFirst(6)).uppercased()] {
            #expect(!TerminalCredential.isWellFormed(token), "\(token)")
        }
    }
}
