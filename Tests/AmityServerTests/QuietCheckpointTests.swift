@testable import AmityServer
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing

/// SQLite's log is folded into the database file once writes pause (`QuietCheckpoint`), so that
/// reads after a burst of sales no longer look up every page in it.
@Suite struct QuietCheckpointTests {
    @Test func sqlitesLogIsEmptiedOnceWritesPause() async throws {
        try await withAmityOnAFile { app async throws in
            // PostgreSQL has no such log to fold, and no turns.
            guard case .sqliteFile(let path) = app.amity.database else { return #expect(app.writeGate == nil) }
            try await app.writeInTurn { sql in try await sql.raw("CREATE TABLE quiet_probe (n INTEGER)").run() }
            for n in 0..<20 {
                try await app.writeInTurn { sql in try await sql.raw("INSERT INTO quiet_probe (n) VALUES (\(bind: n))").run() }
            }
            let log = path + "-wal"
            #expect(try Self.size(log) > 0, "the writes are in the log first")
            let deadline = ContinuousClock.now + .seconds(30)
            while try Self.size(log) > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
            #expect(try Self.size(log) == 0, "folded into the file a second after the last write")
            struct Count: Decodable { var count: Int }
            let count = try await app.db.sql.raw("SELECT count(*) AS count FROM quiet_probe").first(decoding: Count.self)
            #expect(count?.count == 20)
        }
    }

    @Test func theLogIsFoldedOnceAfterTheLastTurnAndTriedAgainWhenHeldBack() async throws {
        let folds = NIOLockedValueBox(0)
        let turns = Turns(checkpoint: QuietCheckpoint(after: .milliseconds(250)) {
            // The first fold is held back (a reader in the log); the second folds it all.
            folds.withLockedValue { $0 += 1; return $0 >= 2 }
        })
        try await Task.sleep(for: .milliseconds(400))
        #expect(folds.withLockedValue { $0 } == 0, "nothing written, nothing to fold")
        for _ in 0..<5 { try await turns.run {} }
        let deadline = ContinuousClock.now + .seconds(30)
        while folds.withLockedValue({ $0 }) < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(800))
        #expect(folds.withLockedValue { $0 } == 2, "held back once, then folded, and left alone")
        await turns.checkpoint?.stop()
        try await turns.run {}
        try await Task.sleep(for: .milliseconds(600))
        #expect(folds.withLockedValue { $0 } == 2, "stopped with the app: no fold after")
    }

    private static func size(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
