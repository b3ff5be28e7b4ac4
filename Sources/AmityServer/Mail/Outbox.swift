import Fluent
import Foundation

extension AuditTrail {
    /// Writes a mail to the outbox in this change's transaction: it is sent once the change
    /// commits, and never for a change that rolled back.
    func mail(_ mail: OutgoingMail) async throws {
        let row = OutboxMail()
        (row.to, row.subject, row.body, row.unsubscribe) = (mail.to, String(mail.subject.prefix(200)), mail.text, mail.unsubscribe)
        (row.status, row.attempts, row.nextAttemptAt, row.createdAt) = (MailStatus.pending, 0, now, now)
        try await row.create(on: db)
        wroteMail.withLockedValue { $0 = true }
    }
}
