import Foundation
import Vapor

/// How mail leaves Amity. Held by the application and replaced in tests; the outbox calls it
/// outside any request, so a slow or absent mail server delays nobody.
protocol MailTransport: Sendable {
    /// Hands one message over; throws when it could not (the outbox retries later).
    func send(_ mail: OutgoingMail, id: String, date: Date) async throws
}

/// Mail written to a folder, one `.eml` file a message, and a line in the log: what development
/// uses, and production until a mail server is configured (it warns at start).
struct MailFolder: MailTransport {
    let path: String
    let logger: Logger
    var sender = "Amity <amity@localhost>"

    func send(_ mail: OutgoingMail, id: String, date: Date) async throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let file = URL(fileURLWithPath: path).appendingPathComponent("\(id).eml")
        try Data(mail.message(from: sender, id: id, date: date).utf8).write(to: file, options: .atomic)
        logger.notice("Mail to \(mail.to): \(mail.subject) (written to \(file.path))")
    }
}

extension Application {
    private struct MailTransportKey: StorageKey { typealias Value = any MailTransport }

    /// Where the outbox hands mail, set by `configure`.
    var mailTransport: any MailTransport {
        get { configured(MailTransportKey.self) }
        set { storage[MailTransportKey.self] = newValue }
    }
}
