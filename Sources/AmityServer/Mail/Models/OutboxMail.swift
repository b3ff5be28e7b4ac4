import Fluent
import Foundation

/// A mail written in the transaction of the change it tells of, and sent afterwards by the mail
/// worker: pending (until `next_attempt_at`), sending (taken by one instance), sent or failed.
final class OutboxMail: Model, @unchecked Sendable {
    static let schema = "mail_outbox"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "to_address") var to: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @OptionalField(key: "unsubscribe") var unsubscribe: String?
    /// `pending`, `sending`, `sent` or `failed`.
    @Field(key: "status") var status: MailStatus
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "taken_at") var takenAt: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?

    init() {}

    var mail: OutgoingMail { OutgoingMail(to: to, subject: subject, text: body, unsubscribe: unsubscribe) }
}

/// Where a mail in the outbox stands.
enum MailStatus: String, Codable, CaseIterable, Sendable {
    /// Waiting for its next try (the first, or one after a failure).
    case pending
    /// Taken by a worker, which is talking to the mail server.
    case sending
    /// Accepted by the mail server.
    case sent
    /// Given up after its last try; `last_error` says why.
    case failed
}
