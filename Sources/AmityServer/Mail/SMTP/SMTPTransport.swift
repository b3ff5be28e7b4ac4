import Foundation
import NIOCore
import NIOSSL

/// Mail handed to a mail server (`AMITY_SMTP_URL`), one visit a message: the outbox sends one at a
/// time and retries on failure, so nothing here queues or retries.
struct SMTPTransport: MailTransport {
    let settings: SMTPSettings
    let sender: String
    let ehloName: String
    let group: any EventLoopGroup
    private let tls: NIOSSLContext?

    init(settings: SMTPSettings, sender: String, ehloName: String, group: any EventLoopGroup) throws {
        self.settings = settings
        self.sender = sender
        self.ehloName = ehloName
        self.group = group
        if settings.security == .none {
            tls = nil
        } else {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = .tlsv12
            if let file = settings.trustedCertificates { configuration.trustRoots = .file(file) }
            tls = try NIOSSLContext(configuration: configuration)
        }
    }

    func send(_ mail: OutgoingMail, id: String, date: Date) async throws {
        let conversation = SMTPConversation(settings: settings, tls: tls, group: group, ehloName: ehloName)
        try await conversation.deliver(mail.message(from: sender, id: id, date: date), from: sender, to: [mail.to])
    }
}
