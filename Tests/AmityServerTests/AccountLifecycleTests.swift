@testable import AmityServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Confirmed addresses, password resets and address changes, by single-use expiring links sent
/// through the outbox, which survives a mail server that is down.
@Suite struct AccountLifecycleTests {
    static let officerRequest = #"{"role":"officer","cityId":1668399,"title":"International Affairs Officer"}"#

    @Test func signUpMailsAConfirmationLinkAndRolesWaitForIt() async throws {
        try await withAmity { app async throws in
            let address = "officer@rockville.example"
            try await app.form("/sign-up", fields: ["email": address, "displayName": "Rockville officer", "password": "Montgomery-County-2020"]) { res async throws in
                #expect(res.status == .seeOther)
            }
            let mail = try #require(try await app.mails(to: address).first)
            #expect(mail.subject == "Confirm your address for Amity" && mail.text.contains("http://127.0.0.1:8080/confirm-address?token="))
            let token = try #require(mail.token)
            #expect(try await AccountLink.query(on: app.db).filter(\.$tokenHash == Secret.hash(token)).count() == 1, "stored hashed")
            #expect(try await AccountLink.query(on: app.db).filter(\.$tokenHash == token).count() == 0)
            let person = try await app.credentials(address)
            try await app.api(.POST, "/api/v1/role-requests", as: person, json: Self.officerRequest) { res async throws in
                #expect(res.status == .forbidden && res.body.string.contains("Confirm your address"))
            }
            #expect(try await app.page("/account", as: person).body.string.contains("/account/confirmation"))
            // The link's page asks for a press (a mail scanner opening it uses nothing up).
            let page = try await app.page("/confirm-address?token=\(token)")
            #expect(page.status == .ok && page.body.string.contains(#"name="token" value="\#(token)""#))
            #expect(try await Person.query(on: app.db).filter(\.$email == address).first()?.emailConfirmedAt == nil)
            try await app.form("/confirm-address", fields: ["token": token]) { res async throws in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/sign-in?notice=address_confirmed")
            }
            try await app.form("/confirm-address", fields: ["token": token]) { res async throws in
                #expect(res.status == .badRequest && res.body.string.contains("already used"))
            }
            try await app.api(.POST, "/api/v1/role-requests", as: person, json: Self.officerRequest) { res async throws in #expect(res.status == .created) }
            // Signing up again with the address tells its owner, creates nothing, and answers the same.
            let people = try await Person.query(on: app.db).count()
            try await app.form("/sign-up", fields: ["email": address, "displayName": "Someone", "password": "Another-Good-Pass-2024"]) { res async throws in
                #expect(res.headers.first(name: .location) == "/sign-in?notice=signed_up")
            }
            #expect(try await app.mails(to: address, count: 2).last?.subject == "Someone tried to sign up with your address")
            #expect(try await Person.query(on: app.db).count() == people)
        }
    }

    @Test func aLateOrForgedLinkConfirmsNothing() async throws {
        try await withAmity { app async throws in
            let address = "late@example.org"
            try await app.form("/sign-up", fields: ["email": address, "displayName": "Late", "password": "Montgomery-County-2020"])
            let token = try #require(try await app.mails(to: address).first?.token)
            let start = app.clock.now()
            app.clock = WallClock { start.addingTimeInterval(49 * 3600) }
            try await app.form("/confirm-address", fields: ["token": token]) { res async throws in
                #expect(res.status == .badRequest && res.body.string.contains("expired"))
            }
            try await app.form("/confirm-address", fields: ["token": "forged"]) { res async throws in #expect(res.status == .badRequest) }
            #expect(try await Person.query(on: app.db).filter(\.$email == address).first()?.emailConfirmedAt == nil)
        }
    }

    @Test func aResetLinkSetsANewPasswordOnceAndEndsEverySessionAndToken() async throws {
        try await withAmity { app async throws in
            let reader = try await app.credentials(Demo.reader)
            try await app.form("/forgot-password", fields: ["email": "nobody@example.org"]) { res async throws in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/sign-in?notice=reset_sent")
            }
            try await app.form("/forgot-password", fields: ["email": " Reader@Amity.example "]) { res async throws in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/sign-in?notice=reset_sent", "the same answer")
            }
            let mail = try #require(try await app.mails(to: Demo.reader).first)
            #expect(app.recordedMail.sent.allSatisfy { $0.to != "nobody@example.org" })
            let token = try #require(mail.token)
            #expect(try await app.page("/reset-password?token=\(token)").status == .ok)
            try await app.form("/reset-password", fields: ["token": token, "password": "short"]) { res async throws in #expect(res.status == .badRequest) }
            try await app.form("/reset-password", fields: ["token": token, "password": "Harbour-Lights-Taichung-27"]) { res async throws in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/sign-in?notice=password_reset", "\(res.status) \(res.body.string.prefix(3000))")
            }
            #expect(try await app.page("/account", as: reader).status == .seeOther, "the old session ended")
            try await app.api(.GET, "/api/v1/me", as: reader) { res async throws in #expect(res.status == .unauthorized) }
            try await app.form("/reset-password", fields: ["token": token, "password": "Lantern-Festival-Keelung-28"]) { res async throws in
                #expect(res.status == .badRequest && res.body.string.contains("already used"))
            }
            try await app.form("/sign-in", fields: ["email": Demo.reader, "password": "Harbour-Lights-Taichung-27"]) { res async throws in
                #expect(res.status == .seeOther)
            }
            // A link asked for now is good for an hour, not two.
            try await app.form("/forgot-password", fields: ["email": Demo.reader])
            let late = try #require(try await app.mails(to: Demo.reader, count: 2).last?.token)
            let start = app.clock.now()
            app.clock = WallClock { start.addingTimeInterval(2 * 3600) }
            try await app.form("/reset-password", fields: ["token": late, "password": "Lantern-Festival-Keelung-28"]) { res async throws in
                #expect(res.status == .badRequest && res.body.string.contains("expired"))
            }
        }
    }

    @Test func aNewAddressIsConfirmedBeforeItIsUsedAndTheOldOneIsTold() async throws {
        try await withAmity { app async throws in
            let reader = try await app.credentials(Demo.reader)
            try await app.form("/account/email", as: reader, fields: ["email": "new@example.org", "currentPassword": "wrong-password-123"]) { res async throws in
                #expect(res.status == .badRequest)
            }
            try await app.form("/account/email", as: reader, fields: ["email": "new@example.org", "currentPassword": DemoAccounts.password]) { res async throws in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/account?notice=address_change_sent")
            }
            #expect(try await app.mails(to: Demo.reader).first?.text.contains("new@example.org") == true)
            let token = try #require(try await app.mails(to: "new@example.org").first?.token)
            #expect(try await Person.find(reader.personID, on: app.db)?.email == Demo.reader, "nothing changes before the link")
            try await app.form("/confirm-address", as: reader, fields: ["token": token]) { res async throws in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/account?notice=address_confirmed")
            }
            #expect(try await Person.find(reader.personID, on: app.db)?.email == "new@example.org")
        }
    }

    @Test func aDeletedAccountLeavesItsActsUnderANeutralNameAndNothingPersonal() async throws {
        try await withAmity { app async throws in
            let address = "leaving@example.org"
            try await app.form("/sign-up", fields: ["email": address, "displayName": "Leaving Officer", "password": "Montgomery-County-2020"])
            let token = try #require(try await app.mails(to: address).first?.token)
            try await app.form("/confirm-address", fields: ["token": token])
            let leaving = try await app.credentials(address)
            try await app.api(.POST, "/api/v1/role-requests", as: leaving, json: Self.officerRequest) { res async throws in #expect(res.status == .created) }
            try await app.api(.POST, "/api/v1/me/follows", as: leaving, json: #"{"topic":"city:1668399"}"#)
            try await app.form("/account/delete", as: leaving, fields: ["deletePassword": "wrong-password-123"]) { res async throws in #expect(res.status == .badRequest) }
            #expect(try await Person.find(leaving.personID, on: app.db)?.deletedAt == nil)
            try await app.form("/account/delete", as: leaving, fields: ["deletePassword": "Montgomery-County-2020"]) { res async throws in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/?notice=account_deleted")
            }
            let person = try #require(try await Person.find(leaving.personID, on: app.db))
            #expect(person.displayName == AccountDeletion.neutralName && person.deletedAt != nil && !person.email.contains("leaving"))
            #expect(try await WebSession.query(on: app.db).filter(\.$personID == leaving.personID).count() == 0)
            #expect(try await APIToken.query(on: app.db).filter(\.$personID == leaving.personID).count() == 0)
            #expect(try await FollowRecord.query(on: app.db).filter(\.$personID == leaving.personID).count() == 0)
            let request = try #require(try await RoleRequest.query(on: app.db).filter(\.$personID == leaving.personID).first())
            #expect(request.status == .refused && request.title.isEmpty)
            // Every act stays, by the same person id; nothing in the audit names them any more.
            let acts = try await AuditEntry.query(on: app.db).filter(\.$personID == leaving.personID).all()
            #expect(acts.count >= 3 && acts.contains { $0.action == "delete" })
            for entry in try await AuditEntry.query(on: app.db).all() {
                #expect(!(entry.before ?? "").contains("Leaving Officer") && !(entry.after ?? "").contains("Leaving Officer"))
                #expect(!(entry.before ?? "").contains(address) && !(entry.after ?? "").contains(address))
            }
            try await app.form("/sign-in", fields: ["email": address, "password": "Montgomery-County-2020"]) { res async throws in #expect(res.status == .badRequest) }
            // The address is free again.
            try await app.form("/sign-up", fields: ["email": address, "displayName": "Successor", "password": "Montgomery-County-2020"])
            #expect(try await Person.query(on: app.db).filter(\.$email == address).first()?.displayName == "Successor")
            // The last administrator cannot leave the instance without one.
            let admin = try await app.credentials(Demo.admin)
            try await app.form("/account/delete", as: admin, fields: ["deletePassword": "Sister-Cities-2020"]) { res async throws in #expect(res.status == .conflict) }
        }
    }

    @Test func mailWaitsOutAMailServerThatIsDownAndDelaysNoRequest() async throws {
        try await withAmity { app async throws in
            app.recordedMail.fail(1)
            let address = "patient@example.org"
            try await app.form("/sign-up", fields: ["email": address, "displayName": "Patient", "password": "Montgomery-County-2020"]) { res async throws in
                #expect(res.status == .seeOther, "the request does not wait for the mail server")
            }
            var row: OutboxMail?
            for _ in 0..<100 {
                row = try await OutboxMail.query(on: app.db).filter(\.$to == address).first()
                if row?.attempts == 1 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(row?.status == .pending && row?.attempts == 1 && row?.lastError?.contains("down") == true)
            #expect(app.recordedMail.sent.isEmpty)
            let start = app.clock.now()
            app.clock = WallClock { start.addingTimeInterval(61) }
            await app.mailWorker.wake(app)
            #expect(try await app.mails(to: address).count == 1)
            // The worker marks it sent once the transport has taken it.
            var status: MailStatus?
            for _ in 0..<100 where status != .sent {
                status = try await OutboxMail.query(on: app.db).filter(\.$to == address).first()?.status
                if status != .sent { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(status == .sent)
        }
    }

    @Test func theMailFolderWritesAMessageAMailReaderOpens() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amity-mail-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let transport = MailFolder(path: folder, logger: Logger(label: "test"))
        try await transport.send(OutgoingMail(to: "officer@taichung.example", subject: "確認您在 Amity 的電子郵件地址", text: "Line one\nLine two",
                                              unsubscribe: "https://amity.example/unsubscribe?t=x"), id: "mail-1@amity.example", date: Date(timeIntervalSince1970: 0))
        let text = try String(contentsOfFile: folder + "/mail-1@amity.example.eml", encoding: .utf8)
        #expect(text.contains("Subject: =?UTF-8?B?") && text.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
        #expect(text.contains("List-Unsubscribe: <https://amity.example/unsubscribe?t=x>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        #expect(text.hasSuffix("\r\n\r\nLine one\r\nLine two\r\n"))
    }
}
