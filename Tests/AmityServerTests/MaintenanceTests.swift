@testable import AmityServer
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

/// The hourly purge removes what has served its time and nothing else.
@Suite struct MaintenanceTests {
    @Test func aStoppingServerLetsTheRequestsBeingAnsweredFinishFirst() async throws {
        try await withAmity(seeded: false) { app async throws in
            let stopped = NIOLockedValueBox(false)
            app.httpMetrics.requestStarted()
            let stop = Task {
                await InFlightShutdown().shutdownAsync(app)
                stopped.withLockedValue { $0 = true }
            }
            try await Task.sleep(for: .milliseconds(200))
            #expect(stopped.withLockedValue { $0 } == false, "a request is still being answered")
            app.httpMetrics.requestEnded()
            await stop.value
            #expect(stopped.withLockedValue { $0 } && app.httpMetrics.inFlight == 0)
            // A request that never ends holds the stop no longer than the patience.
            app.httpMetrics.requestStarted()
            await InFlightShutdown(patience: .milliseconds(50)).shutdownAsync(app)
            app.httpMetrics.requestEnded()
        }
    }

    @Test func thePurgeTakesWhatIsPastItsRetentionAndLeavesTheRest() async throws {
        try await withAmity { app async throws in
            let now = app.clock.now(), reader = try await app.credentials(Demo.reader)
            func ago(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }
            try await WebSession.query(on: app.db).filter(\.$personID == reader.personID).set(\.$expiresAt, to: ago(1)).update()
            let live = try await app.credentials(Demo.reader)
            for (at, email) in [(ago(8), "old@example.org"), (ago(0.01), "new@example.org")] {
                let attempt = SignInAttempt()
                (attempt.email, attempt.address, attempt.at, attempt.succeeded) = (email, "198.51.100.1", at, false)
                try await attempt.create(on: app.db)
            }
            let oldLink = try await StoredLinks.link(app, personID: reader.personID, expires: ago(8))
            let newLink = try await StoredLinks.link(app, personID: reader.personID, expires: now.addingTimeInterval(3600))
            for (at, key) in [(ago(2), "old"), (ago(0.5), "new")] {
                let record = IdempotencyRecord()
                (record.scope, record.key, record.fingerprint, record.status, record.createdAt) = ("person:1", key, "f", 201, at)
                try await record.create(on: app.db)
            }
            for (at, status, to) in [(ago(31), MailStatus.sent, "old@example.org"), (ago(31), .pending, "waiting@example.org"), (ago(1), .sent, "new@example.org")] {
                let mail = OutboxMail()
                (mail.to, mail.subject, mail.body, mail.status, mail.attempts, mail.nextAttemptAt, mail.createdAt) = (to, "s", "b", status, 1, now.addingTimeInterval(3600), at)
                try await mail.create(on: app.db)
            }
            let counts = try await Maintenance(app: app).purge()
            #expect(counts["web_sessions"] == 1 && counts["sign_in_attempts"] == 1 && counts["account_links"] == 1, "\(counts)")
            #expect(counts["idempotency_records"] == 1 && counts["mail_outbox"] == 1, "\(counts)")
            #expect(try await app.page("/account", as: live).status == .ok, "a live session stays")
            #expect(try await SignInAttempt.query(on: app.db).filter(\.$email == "new@example.org").count() == 1)
            #expect(try await AccountLink.find(newLink, on: app.db) != nil)
            #expect(try await AccountLink.find(oldLink, on: app.db) == nil)
            #expect(try await IdempotencyRecord.query(on: app.db).all(\.$key) == ["new"])
            #expect(Set(try await OutboxMail.query(on: app.db).all(\.$to)) == ["waiting@example.org", "new@example.org"], "mail not yet sent is never purged")
            #expect(try await Maintenance(app: app).purge().values.allSatisfy { $0 == 0 }, "a second purge finds nothing")
        }
    }
}

/// Account links written straight into the table, with a chosen expiry.
enum StoredLinks {
    static func link(_ app: Application, personID: Int, expires: Date) async throws -> Int {
        let link = AccountLink()
        (link.personID, link.purpose, link.tokenHash, link.email) = (personID, "reset-password", Secret.hash(UUID().uuidString), Demo.reader)
        (link.createdAt, link.expiresAt) = (expires.addingTimeInterval(-3600), expires)
        try await link.create(on: app.db)
        return try link.requireID()
    }
}
