@testable import AmityServer
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The mail transport of test apps: keeps what was sent, and can fail a number of times first
/// (a mail server that is down).
final class MailRecorder: MailTransport {
    private let state = NIOLockedValueBox((sent: [OutgoingMail](), failures: 0))

    func send(_ mail: OutgoingMail, id: String, date: Date) async throws {
        try state.withLockedValue { state in
            if state.failures > 0 {
                state.failures -= 1
                throw Abort(.serviceUnavailable, reason: "The test's mail server is down.")
            }
            state.sent.append(mail)
        }
    }

    /// Fails the next `count` sends.
    func fail(_ count: Int) { state.withLockedValue { $0.failures = count } }

    var sent: [OutgoingMail] { state.withLockedValue { $0.sent } }
}

extension Application {
    var recordedMail: MailRecorder { mailTransport as! MailRecorder }

    /// The mails sent to `address` once at least `count` have arrived (the worker sends after the
    /// request commits), or throws after a few seconds.
    func mails(to address: String, count: Int = 1) async throws -> [OutgoingMail] {
        for _ in 0..<100 {
            let mails = recordedMail.sent.filter { $0.to == address }
            if mails.count >= count { return mails }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Abort(.requestTimeout, reason: "no mail to \(address)")
    }
}

extension OutgoingMail {
    /// The token in the mail's link.
    var token: String? {
        guard let range = text.range(of: #"token=[A-Za-z0-9_-]+"#, options: .regularExpression) else { return nil }
        return String(text[range].dropFirst("token=".count))
    }
}
