import AmityCore
import Fluent
import NIOConcurrencyHelpers
import Vapor

/// Writes audit entries inside the transaction of the change they describe.
struct AuditTrail: Sendable {
    /// The transaction's database: every write of the change goes through it.
    let db: any Database
    let personID: Int?
    let requestID: String?
    let now: Date
    /// Set when the change wrote mail to the outbox, so the mail worker is woken once it commits.
    var wroteMail = NIOLockedValueBox(false)
    /// What notifications are written with; nil where nobody is notified (seeding the demo).
    var mailroom: Mailroom? = nil
    /// The words live entries are kept in (English, beside their facts); nil leaves a fact's key.
    var catalogue: MessageCatalogue? = nil

    /// Records one change; `before` is nil for a creation, `after` nil for a deletion.
    func record(_ action: String, _ entity: String, id: String, cityID: Int? = nil,
                before: (any Encodable & Sendable)? = nil, after: (any Encodable & Sendable)? = nil) async throws {
        let entry = AuditEntry()
        entry.at = now
        entry.personID = personID
        entry.action = action
        entry.entity = entity
        entry.entityID = id
        entry.cityID = cityID
        entry.before = try before.map(Self.json)
        entry.after = try after.map(Self.json)
        entry.requestID = requestID
        try await entry.create(on: db)
    }

    private static func json(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension Request {
    /// The one way Amity changes data: ask the policy, then run `change` and its audit entries in one transaction.
    func write<T: Sendable>(_ action: Action, _ change: @escaping @Sendable (AuditTrail, Actor) async throws -> T) async throws -> T {
        let actor = try await authorize(action)
        return try await transaction(personID: actor.personID) { trail in try await change(trail, actor) }
    }

    /// A transaction with an audit trail, for writes by someone not yet signed in (signing up).
    func transaction<T: Sendable>(personID: Int?, _ change: @escaping @Sendable (AuditTrail) async throws -> T) async throws -> T {
        try await application.transaction(personID: personID, requestID: id, on: db, change)
    }
}

extension Application {
    /// A transaction with an audit trail: how requests and background work (plan jobs) change data.
    func transaction<T: Sendable>(personID: Int?, requestID: String? = nil, on database: (any Database)? = nil,
                                  _ change: @escaping @Sendable (AuditTrail) async throws -> T) async throws -> T {
        let now = clock.now()
        // SQLite's writes take their turns on the writer's connections; PostgreSQL's use the pool given.
        let database = writeGate == nil ? database ?? db : writer
        let wroteMail = NIOLockedValueBox(false)
        let write: @Sendable () async throws -> T = {
            try await database.transaction { db in
                if db.sql.dialect.name == "sqlite" {
                    // A write as the first statement takes SQLite's write lock at once, as BEGIN IMMEDIATE
                    // would: reads inside then see every process's last commit, and the transaction never
                    // has to upgrade a stale read to a write (which SQLite refuses with SQLITE_BUSY).
                    try await db.sql.raw("DELETE FROM audit_entries WHERE 1 = 0").run()
                }
                return try await change(AuditTrail(db: db, personID: personID, requestID: requestID, now: now, wroteMail: wroteMail,
                                                   mailroom: Mailroom(self), catalogue: self.catalogue))
            }
        }
        let result: T
        if let gate = writeGate { result = try await gate.run(write) } else { result = try await write() }
        liveHub.wake() // the change may have published live entries; readers check
        if wroteMail.withLockedValue({ $0 }) { await mailWorker.wake(self) }
        return result
    }
}
