import AmityCore
import Fluent
import Vapor

/// A programme loaded with its history as it happened, versions long past included: for the demo
/// and for tests. Through the API a version can only be scheduled for a time still to come.
enum ProgrammeHistory {
    static func load(name: String, owner: ProgrammeOwner, note: String, terminalsPerOutlet: Int = 2, offlineAllowance: Int = 0, policies: [RationPolicy],
                     on db: any Database, now: Date) async throws -> ProgrammeRecord {
        let schedule = try RationSchedule(policies: policies)
        let row = ProgrammeRecord()
        (row.name, row.note, row.terminalsPerOutlet, row.revision, row.createdAt) = (name, note, terminalsPerOutlet, 1, now)
        (row.outletsRevision, row.offlineAllowance) = (0, offlineAllowance)
        row.own(by: owner)
        try await row.create(on: db)
        for rules in schedule.versions {
            let version = PolicyVersionRecord()
            (version.programmeID, version.version, version.effectiveFrom, version.until) = (try row.requireID(), rules.policy.version, rules.start, rules.end)
            (version.body, version.createdAt) = (try PolicyVersions.body(of: rules.policy), now)
            try await version.create(on: db)
        }
        return row
    }
}
