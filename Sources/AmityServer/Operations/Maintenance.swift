import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Clears, once an hour, what has served its time, so tables that hold secrets and traces of
/// people do not grow for ever: expired sessions, old sign-in attempts, spent or expired account
/// links, idempotency records past their retry window, sent or failed mail and finished plan jobs
/// past their retention. The public record (audit, plans, pledges) is never touched.
struct Maintenance {
    let app: Application

    /// How long each kind of row is kept once it has served.
    enum Retention {
        static let signInAttempts: TimeInterval = 7 * 86_400
        static let accountLinks: TimeInterval = 7 * 86_400
        static let idempotencyRecords: TimeInterval = 86_400
        static let mail: TimeInterval = 30 * 86_400
        static let planJobs: TimeInterval = 30 * 86_400
    }

    /// Deletes what is past its retention; returns how many rows of each table went.
    @discardableResult
    func purge() async throws -> [String: Int] {
        let now = app.clock.now()
        let before: @Sendable (TimeInterval) -> SQLBind = { SQLBind(now.addingTimeInterval(-$0)) }
        let deletions: [(String, @Sendable (any SQLDatabase) async throws -> Int)] = [
            ("web_sessions", { try await count($0.delete(from: WebSession.schema).where("expires_at", .lessThan, SQLBind(now))) }),
            ("sign_in_attempts", { try await count($0.delete(from: SignInAttempt.schema).where("at", .lessThan, before(Retention.signInAttempts))) }),
            ("account_links", { try await count($0.delete(from: AccountLink.schema).where("expires_at", .lessThan, before(Retention.accountLinks))) }),
            ("idempotency_records", { try await count($0.delete(from: IdempotencyRecord.schema).where("created_at", .lessThan, before(Retention.idempotencyRecords))) }),
            ("mail_outbox", { try await count($0.delete(from: OutboxMail.schema).where("status", .in, [MailStatus.sent, MailStatus.failed])
                .where("created_at", .lessThan, before(Retention.mail))) }),
            ("plan_jobs", { try await count($0.delete(from: PlanJobRecord.schema).where("status", .in, [PlanJobStatus.done.rawValue, PlanJobStatus.failed.rawValue])
                .where("finished_at", .lessThan, before(Retention.planJobs))) }),
        ]
        var counts: [String: Int] = [:]
        for (table, delete) in deletions { counts[table] = try await app.writeInTurn(delete) }
        if counts.values.contains(where: { $0 > 0 }) { app.logger.info("Maintenance purged \(counts.filter { $0.value > 0 })") }
        return counts
    }

    private func count(_ delete: SQLDeleteBuilder) async throws -> Int {
        try await delete.returning(SQLLiteral.numeric("1")).all().count
    }

    /// The worker that purges once an hour while the server runs (each instance; the deletes are idempotent).
    static func worker() -> BackgroundWorker {
        let last = NIOLockedValueBox<Date?>(nil)
        return BackgroundWorker(deadline: .seconds(10 * 60)) { app in
            let now = app.clock.now()
            let due = last.withLockedValue { last in
                guard last.map({ now.timeIntervalSince($0) >= 3_600 }) ?? true else { return false }
                last = now
                return true
            }
            if due {
                try await Maintenance(app: app).purge()
                try await LapseWarnings(app: app).send()
            }
            return .waiting
        }
    }
}
