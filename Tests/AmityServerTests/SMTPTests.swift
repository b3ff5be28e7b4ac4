@testable import AmityServer
import Fluent
import Foundation
import NIOPosix
import Testing
import Vapor

/// Amity's SMTP client against a mail server on SwiftNIO (`SMTPPeer`): STARTTLS, signing in,
/// refusals and the outbox's retries, end to end from a sign-up.
@Suite struct SMTPTests {
    static let ca = packageRoot + "Tests/Fixtures/smtp/ca.pem"

    static func transport(_ url: String, trusting ca: String? = SMTPTests.ca) throws -> SMTPTransport {
        try SMTPTransport(settings: SMTPSettings(url: url, trustedCertificates: ca), sender: "Amity <amity@amity.test>",
                          ehloName: "amity.test", group: MultiThreadedEventLoopGroup.singleton)
    }

    static let mail = OutgoingMail(to: "officer@taichung.example", subject: "台中市：口罩 270,000 片",
                                   text: "Shenzhen's masks.\n.a line that starts with a dot\n..and one with two\nEnd.",
                                   unsubscribe: "https://amity.test/unsubscribe/x")

    @Test func aMailGoesOverSTARTTLSSignedInWithEveryLineIntact() async throws {
        let peer = try await SMTPPeer.start(.init(credentials: ("amity", "pass word:1")))
        defer { Task { try? await peer.stop() } }
        let date = Date(timeIntervalSince1970: 1_585_000_000)
        try await Self.transport("smtp://amity:pass%20word%3A1@localhost:\(peer.port)").send(Self.mail, id: "m1@amity.test", date: date)
        let received = try #require(try await peer.messages().first)
        #expect(received.secure && received.user == "amity")
        #expect(received.from == "amity@amity.test" && received.to == ["officer@taichung.example"])
        #expect(received.data.contains("Subject: =?UTF-8?B?"))
        #expect(received.data.contains("List-Unsubscribe: <https://amity.test/unsubscribe/x>"))
        #expect(received.data.contains("\r\n.a line that starts with a dot\r\n..and one with two\r\nEnd.\r\n"), "dots survive the stuffing")
        #expect(received.data == Self.mail.message(from: "Amity <amity@amity.test>", id: "m1@amity.test", date: date), "byte for byte")
    }

    @Test func signingInWithLoginOverImplicitTLSAndToALoopbackRelayInTheClear() async throws {
        let smtps = try await SMTPPeer.start(.init(offersStartTLS: false, credentials: ("amity", "secret"), mechanisms: ["LOGIN"], implicitTLS: true))
        let relay = try await SMTPPeer.start(.init(offersStartTLS: false, credentials: ("amity", "secret")))
        defer { Task { try? await smtps.stop(); try? await relay.stop() } }
        try await Self.transport("smtps://amity:secret@localhost:\(smtps.port)").send(Self.mail, id: "m2@amity.test", date: Date())
        let received = try #require(try await smtps.messages().first)
        #expect(received.secure && received.user == "amity")
        // Without STARTTLS on offer the relay takes AUTH in the clear, which only a loopback relay may be sent.
        try await Self.transport("smtp://amity:secret@127.0.0.1:\(relay.port)?tls=none").send(Self.mail, id: "m3@amity.test", date: Date())
        #expect(try await relay.messages().first?.user == "amity")
    }

    @Test func aServerWithoutSTARTTLSAWrongPasswordOrAnUntrustedCertificateSendNothing() async throws {
        let plain = try await SMTPPeer.start(.init(offersStartTLS: false))
        let guarded = try await SMTPPeer.start(.init(credentials: ("amity", "secret")))
        defer { Task { try? await plain.stop(); try? await guarded.stop() } }
        await #expect { try await Self.transport("smtp://localhost:\(plain.port)").send(Self.mail, id: "a@t", date: Date()) } throws: {
            if case SMTPError.noStartTLS = $0 { true } else { false }
        }
        await #expect { try await Self.transport("smtp://amity:wrong@localhost:\(guarded.port)").send(Self.mail, id: "b@t", date: Date()) } throws: {
            if case SMTPError.refused(_, let reply) = $0 { reply.code == 535 } else { false }
        }
        await #expect(throws: (any Error).self, "a certificate no trusted authority signed") {
            try await Self.transport("smtp://amity:secret@localhost:\(guarded.port)", trusting: nil).send(Self.mail, id: "c@t", date: Date())
        }
        await #expect(throws: (any Error).self, "nobody listening") {
            try await Self.transport("smtp://localhost:1").send(Self.mail, id: "d@t", date: Date())
        }
        #expect(plain.received.isEmpty && guarded.received.isEmpty)
    }

    @Test func settingsAreReadFromTheURLAndRefusedInWords() throws {
        let starttls = try SMTPSettings(url: "smtp://user%40city:p%2Fw@mail.example.org")
        #expect(starttls.security == .startTLS && starttls.port == 587 && starttls.username == "user@city" && starttls.password == "p/w")
        #expect(try SMTPSettings(url: "smtps://mail.example.org").port == 465)
        #expect(try SMTPSettings(url: "smtp://127.0.0.1:25?tls=none").security == .none)
        #expect(throws: SMTPSettings.Invalid.self) { try SMTPSettings(url: "smtp://mail.example.org?tls=none") }
        #expect(throws: SMTPSettings.Invalid.self) { try SMTPSettings(url: "http://mail.example.org") }
        #expect(throws: SMTPSettings.Invalid.self) { try SMTPSettings(url: "smtp://mail.example.org?tls=maybe") }
        let error = try #require(throws: SMTPSettings.Invalid.self) { try SMTPSettings(url: "smtp://u:hunter2@mail.example.org?tls=none") }
        #expect(!error.description.contains("hunter2"), "the password never appears in an error")
        var arguments = ["amity", "serve"]
        let config = try AmityConfig.fromProcess(environment: ["AMITY_SMTP_URL": "smtps://mail.example.org", "AMITY_PUBLIC_URL": "https://amity.example.org"],
                                                 arguments: &arguments, workingDirectory: "/tmp/", home: packageRoot, production: true)
        #expect(config.smtp?.security == .implicitTLS && config.mailSender == "Amity <amity@amity.example.org>")
    }

    @Test func theOutboxHandsSignUpMailToTheServerAndRetriesWhenItIsBusy() async throws {
        let peer = try await SMTPPeer.start(.init(credentials: ("amity", "secret"), busyFor: 1))
        defer { Task { try? await peer.stop() } }
        try await withAmity(seeded: false) { app async throws in
            app.mailTransport = try Self.transport("smtp://amity:secret@localhost:\(peer.port)")
            try await app.form("/sign-up", fields: ["email": "new.officer@rockville.example", "displayName": "Rockville officer",
                                                   "password": "Montgomery-County-2020"])
            // The first try meets a 451 and waits its minute; the test moves the mail's time forward.
            for _ in 0..<200 where try await OutboxMail.query(on: app.db).filter(\.$attempts == 1).count() == 0 {
                try await Task.sleep(for: .milliseconds(25))
            }
            let waiting = try #require(try await OutboxMail.query(on: app.db).first())
            #expect(waiting.status == MailStatus.pending && (waiting.lastError ?? "").contains("451"))
            #expect(peer.received.isEmpty)
            waiting.nextAttemptAt = app.clock.now().addingTimeInterval(-1)
            try await waiting.save(on: app.db)
            await app.mailWorker.wake(app)
            let received = try #require(try await peer.messages().first)
            #expect(received.to == ["new.officer@rockville.example"] && received.data.contains("/confirm-address"))
            for _ in 0..<200 where try await OutboxMail.query(on: app.db).filter(\.$status == MailStatus.sent).count() == 0 {
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(try await OutboxMail.query(on: app.db).first()?.status == MailStatus.sent)
        }
    }
}
