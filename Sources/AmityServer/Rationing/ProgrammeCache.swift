import AmityCore
import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The programmes as this instance knows them: each one's row and its schedule of checked policy
/// versions, so the hot paths (sales, entitlement questions) ask the database for neither.
///
/// A row never changes after it is made except for its revision, which counts the changes of its
/// policy versions. Reads trust a revision read less than `freshness` ago, so a version added on
/// another instance is seen within that time; a batch of sales reads the revision afresh inside
/// its transaction (`schedules(of:on:)`), so a sale is always decided under the rules in force at
/// its commit.
final class ProgrammeCache: Sendable {
    private struct Entry {
        /// Shared between requests, so never changed: read only.
        var row: ProgrammeRecord
        var revision: Int
        var checked: ContinuousClock.Instant
        var schedule: (revision: Int, rules: RationSchedule)?
    }

    private let entries = NIOLockedValueBox<[Int: Entry]>([:])
    /// How long a read trusts the revision it last saw.
    let freshness: Duration

    init(freshness: Duration = .seconds(1)) {
        self.freshness = freshness
    }

    /// Programme `id`, or nil when there is none. The row is shared: read it, never change it.
    /// `db` is made only when the cache must read: a request's database handle costs a few
    /// microseconds to make, on every hot request.
    func programme(_ id: Int, on db: @autoclosure () -> any Database) async throws -> ProgrammeRecord? {
        let now = ContinuousClock.now
        if let entry = entries.withLockedValue({ $0[id] }) {
            if now - entry.checked < freshness { return entry.row }
            guard let revision = try await Self.revisions(of: [id], lock: false, on: db().sql)[id] else { return nil }
            seen(revision, of: id, at: now)
            return entry.row
        }
        guard let row = try await ProgrammeRecord.find(id, on: db()) else { return nil }
        entries.withLockedValue { entries in
            if entries[id] == nil { entries[id] = Entry(row: row, revision: row.revision, checked: now) }
        }
        return row
    }

    /// The schedule of `programme` as its revision last read stands.
    func schedule(of programme: ProgrammeRecord, on db: @autoclosure () -> any Database) async throws -> RationSchedule {
        let id = try programme.requireID()
        let revision = entries.withLockedValue { $0[id]?.revision } ?? programme.revision
        return try await schedule(id, at: revision, on: db().sql)
    }

    /// The schedules of `programmes` at their revisions as `db` sees them now; inside a batch's
    /// transaction on PostgreSQL the rows are held (`FOR SHARE`) until it commits, so a version
    /// added or withdrawn meanwhile waits for the batch, and the batch never decides under stale rules.
    func schedules(of programmes: Set<Int>, on db: any SQLDatabase) async throws -> [Int: RationSchedule] {
        try await schedules(at: Self.revisions(of: programmes, lock: true, on: db), on: db)
    }

    /// The schedules at `revisions`, which the caller read (and holds) itself.
    func schedules(at revisions: [Int: Int], on db: any SQLDatabase) async throws -> [Int: RationSchedule] {
        var schedules: [Int: RationSchedule] = [:]
        for (id, revision) in revisions {
            seen(revision, of: id, at: ContinuousClock.now)
            schedules[id] = try await schedule(id, at: revision, on: db)
        }
        return schedules
    }

    /// Revisions only grow: a slow read that answers after a newer one never sets it back.
    private func seen(_ revision: Int, of id: Int, at now: ContinuousClock.Instant) {
        entries.withLockedValue { entries in
            guard let entry = entries[id] else { return }
            entries[id]?.revision = max(entry.revision, revision)
            entries[id]?.checked = now
        }
    }

    /// Forgets what this instance knew of programme `id`'s revision: called once a change of its
    /// versions has committed here, so the next read sees it at once.
    func forget(_ id: Int) {
        entries.withLockedValue { $0[id]?.checked = ContinuousClock.now - freshness }
    }

    private func schedule(_ id: Int, at revision: Int, on db: @autoclosure () -> any SQLDatabase) async throws -> RationSchedule {
        if let hit = entries.withLockedValue({ $0[id]?.schedule }), hit.revision == revision { return hit.rules }
        struct Row: Decodable { var body: String }
        let rows = try await db().raw("SELECT body FROM \(unsafeRaw: PolicyVersionRecord.schema) WHERE programme_id = \(bind: id) ORDER BY version")
            .all(decoding: Row.self)
        let schedule = RationSchedule(try rows.map { try RationRules(PolicyVersions.policy(of: $0.body)) })
        entries.withLockedValue { entries in
            if let kept = entries[id]?.schedule, kept.revision > revision { return }
            entries[id]?.schedule = (revision, schedule)
        }
        return schedule
    }

    private static func revisions(of ids: Set<Int>, lock: Bool, on db: any SQLDatabase) async throws -> [Int: Int] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var id: Int, revision: Int }
        var query: SQLQueryString = "SELECT id, revision FROM \(unsafeRaw: ProgrammeRecord.schema) WHERE id IN (\(binds: ids.sorted())) ORDER BY id"
        if lock, db.dialect.name == "postgresql" { query += " FOR SHARE" }
        return Dictionary(uniqueKeysWithValues: try await db.raw(query).all(decoding: Row.self).map { ($0.id, $0.revision) })
    }
}

extension Application {
    private struct ProgrammeCacheKey: StorageKey { typealias Value = ProgrammeCache }

    /// What this instance knows of its programmes, set by `configure`.
    var programmeCache: ProgrammeCache {
        get { storage[ProgrammeCacheKey.self]! }
        set { storage[ProgrammeCacheKey.self] = newValue }
    }
}
