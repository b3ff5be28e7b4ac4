import Fluent
import Foundation
import SQLKit
import Vapor

/// One turn of the mail worker (`Application.mailWorker`): the oldest mail that is due is taken
/// with one conditional update (so two instances never send it twice in the ordinary course) and
/// handed to the transport; a failure waits longer each time (1 minute up to a day) and is given
/// up after eight tries, with the last error kept.
struct OutboxTurn {
    let app: Application

    /// The waits before the second, third… try.
    static let backoff: [TimeInterval] = [60, 300, 1_800, 7_200, 21_600, 43_200, 86_400]
    /// A mail taken this long ago by an instance that stopped goes back to pending: it may then
    /// arrive twice, never not at all.
    static let abandonedAfter: TimeInterval = 600

    /// Sends one due mail if there is one; else says whether any mail is still waiting, due or not.
    func take() async throws -> BackgroundWorker.Progress {
        let now = app.clock.now()
        try await app.writeInTurn { sql in
            try await sql.update(OutboxMail.schema).set("status", to: MailStatus.pending)
                .where("status", .equal, MailStatus.sending).where("taken_at", .lessThan, SQLBind(now.addingTimeInterval(-Self.abandonedAfter)))
                .run()
        }
        if let due = try await OutboxMail.query(on: app.db).filter(\.$status == MailStatus.pending).filter(\.$nextAttemptAt <= now).sort(\.$id).first(),
           let id = due.id, try await claim(id, now: now) {
            await send(due, id: id)
            return .worked
        }
        return try await OutboxMail.query(on: app.db).filter(\.$status ~~ [MailStatus.pending, MailStatus.sending]).count() > 0 ? .waiting : .idle
    }

    private func claim(_ id: Int, now: Date) async throws -> Bool {
        try await app.writeInTurn { sql in
            try await sql.update(OutboxMail.schema).set("status", to: MailStatus.sending).set("taken_at", to: SQLBind(now))
                .where("id", .equal, id).where("status", .equal, MailStatus.pending)
                .returning("id").first() != nil
        }
    }

    private func send(_ row: OutboxMail, id: Int) async {
        let now = app.clock.now()
        let host = URL(string: app.amity.publicURL)?.host ?? "localhost"
        do {
            try await app.mailTransport.send(row.mail, id: "mail-\(id)@\(host)", date: now)
            _ = try? await app.writeInTurn { sql in
                try await sql.update(OutboxMail.schema).set("status", to: MailStatus.sent).set("sent_at", to: SQLBind(now))
                    .set("attempts", to: row.attempts + 1).where("id", .equal, id).run()
            }
        } catch {
            let attempts = row.attempts + 1
            let giveUp = attempts > Self.backoff.count
            app.logger.warning("Mail \(id) to \(row.to) failed (try \(attempts)): \(error)\(giveUp ? "; given up" : "")")
            _ = try? await app.writeInTurn { sql in
                try await sql.update(OutboxMail.schema).set("status", to: giveUp ? MailStatus.failed : MailStatus.pending)
                    .set("attempts", to: attempts).set("last_error", to: String(String(describing: error).prefix(500)))
                    .set("next_attempt_at", to: SQLBind(now.addingTimeInterval(Self.backoff[min(attempts, Self.backoff.count) - 1])))
                    .where("id", .equal, id).run()
            }
        }
    }
}
