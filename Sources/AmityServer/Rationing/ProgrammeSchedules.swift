import AmityCore
import Fluent
import NIOConcurrencyHelpers
import Vapor

/// Each programme's schedule of checked policy versions, kept in memory by the programme's
/// revision: a sale reads the programme row anyway, and a stale revision rebuilds the schedule,
/// so a version added on another instance is seen at the next sale.
final class ProgrammeSchedules: Sendable {
    private let cache = NIOLockedValueBox<[Int: (revision: Int, schedule: RationSchedule)]>([:])

    /// The schedule of `programme` as its revision stands.
    func schedule(of programme: ProgrammeRecord, on db: any Database) async throws -> RationSchedule {
        let id = try programme.requireID()
        if let hit = cache.withLockedValue({ $0[id] }), hit.revision == programme.revision { return hit.schedule }
        let rows = try await PolicyVersionRecord.query(on: db).filter(\.$programmeID == id).sort(\.$version).all()
        let schedule = RationSchedule(try rows.map { try RationRules(Self.policy(of: $0)) })
        cache.withLockedValue { $0[id] = (programme.revision, schedule) }
        return schedule
    }

    static func policy(of row: PolicyVersionRecord) throws -> RationPolicy {
        try JSONDecoder().decode(RationPolicy.self, from: Data(row.body.utf8))
    }

    static func body(of policy: RationPolicy) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(policy), as: UTF8.self)
    }
}

extension Application {
    private struct SchedulesKey: StorageKey { typealias Value = ProgrammeSchedules }

    /// The schedules of this instance's programmes, set by `configure`.
    var programmeSchedules: ProgrammeSchedules {
        get { storage[SchedulesKey.self]! }
        set { storage[SchedulesKey.self] = newValue }
    }
}
