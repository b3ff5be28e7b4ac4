@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor

/// Mail about what concerns a person's city or question: to the right people, in their language,
/// never to whoever acted, and each kind switched off by a signed link or on the account page.
@Suite struct NotificationTests {
    /// What the outbox holds for `address` (written in the change's transaction, so already there).
    static func outbox(_ app: Application, to address: String) async throws -> [OutboxMail] {
        try await OutboxMail.query(on: app.db).filter(\.$to == address).sort(\.$id).all()
    }

    static func link(in mail: OutboxMail) throws -> String {
        let unsubscribe = try #require(mail.unsubscribe)
        return String(unsubscribe.dropFirst(unsubscribe.range(of: "/unsubscribe/")!.lowerBound.utf16Offset(in: unsubscribe)))
    }

    @Test func aPledgeStepReachesTheOtherCityInItsLanguageAndOneClickStopsIt() async throws {
        try await withAmity { app async throws in
            let (offer, need, taichung, cincinnati) = try await AidTests.offerAndNeed(app)
            // Cincinnati's officer reads mail in Traditional Chinese and keeps every kind on.
            try await app.form("/account/notifications", as: cincinnati,
                               fields: Dictionary(uniqueKeysWithValues: NotificationKind.allCases.enumerated().map { ("kinds[\($0.offset)]", $0.element.rawValue) })
                                   .merging(["language": "zh-Hant"]) { a, _ in a }) { res async throws in #expect(res.status == .seeOther) }
            var pledge = 0
            try await app.api(.POST, "/api/v1/pledges", as: taichung, json: #"{"offerId":\#(offer),"needId":\#(need),"quantity":1200}"#) { res async throws in
                pledge = try res.json(PledgeDTO.self).id
            }
            let mail = try #require(try await Self.outbox(app, to: Demo.cincinnati).first)
            // Every word in the reader's language, the cities named in their script.
            #expect(mail.subject == "Amity：臺中市承諾向辛辛那提提供消毒水 1,200", "\(mail.subject)")
            #expect(mail.body.contains("http://127.0.0.1:8080/pledges/\(pledge)") && mail.body.contains("停止此類郵件"))
            #expect(try await Self.outbox(app, to: Demo.taichung).isEmpty, "whoever acted is not told of their own act")
            let sent = try await app.mails(to: Demo.cincinnati).first
            #expect(sent?.unsubscribe == mail.unsubscribe, "the mail carries List-Unsubscribe")

            // The link's page asks; a mail client's one-click POST, with no form token, turns the kind off.
            let path = try Self.link(in: mail)
            #expect(try await app.page(path).body.string.contains(Demo.cincinnati))
            let before = try await app.auditCount()
            try await app.testing().test(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "List-Unsubscribe=One-Click")) { res async throws in #expect(res.status == .ok) }
            try await app.testing().test(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "List-Unsubscribe=One-Click")) { res async throws in #expect(res.status == .ok, "twice changes nothing") }
            #expect(try await app.auditCount() == before + 1)
            // The same link posted twice at once: both answered, one opt-out, one audit entry.
            let other = "/unsubscribe/" + UnsubscribeToken.make(personID: cincinnati.personID, kind: .answer, key: Mailroom(app)!.unsubscribeKey)
            try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<2 {
                    group.addTask { try await app.testing().sendRequest(.POST, other, headers: ["Content-Type": "application/x-www-form-urlencoded"]).status }
                }
                for try await status in group { #expect(status == .ok) }
            }
            #expect(try await NotificationOptOut.query(on: app.db).filter(\.$kind == "answer").count() == 1)
            #expect(try await app.auditCount() == before + 2)
            let forged = path.dropLast(2) + (path.hasSuffix("AA") ? "BB" : "AA")
            try await app.testing().test(.POST, String(forged), headers: ["Content-Type": "application/x-www-form-urlencoded"]) { res async throws in
                #expect(res.status == .notFound)
            }
            #expect(try await app.page("/unsubscribe/1.answer.x").status == .notFound)
            #expect(try await NotificationOptOut.query(on: app.db).count() == 2)
            let account = try await app.page("/account", as: cincinnati).body.string
            #expect(account.contains(#"value="pledge-step">"#) && account.contains(#"value="plan-line" checked>"#), "the account page shows the switch off")

            // Cincinnati acts: Taichung hears. Taichung acts: Cincinnati, having opted out, does not.
            try await app.api(.POST, "/api/v1/pledges/\(pledge)/confirm", as: cincinnati)
            #expect(try await Self.outbox(app, to: Demo.taichung).count == 1)
            try await app.api(.POST, "/api/v1/pledges/\(pledge)/ship", as: taichung, json: #"{"mode":"air"}"#)
            #expect(try await Self.outbox(app, to: Demo.cincinnati).count == 1)
        }
    }

    @Test func answersVotesStatementsAndPlansReachThoseTheyConcern() async throws {
        try await withAmity { app async throws in
            let (taichung, newTaipei, admin, citynet) = (try await app.credentials(Demo.taichung), try await app.credentials(Demo.newTaipei),
                                                        try await app.credentials(Demo.admin), try await app.credentials(Demo.citynet))
            // An answer reaches the person who asked.
            let question = try await app.api(.POST, "/api/v1/questions", as: newTaipei,
                                             json: #"{"cityId":\#(Demo.newTaipeiID),"title":"Who runs your quarantine hotels?","body":"We need to know.","language":"en"}"#)
                .json(QuestionDTO.self)
            try await app.api(.POST, "/api/v1/questions/\(question.id)/answers", as: taichung,
                              json: #"{"cityId":\#(Demo.taichungID),"body":"Our health bureau runs them."}"#) { res async throws in #expect(res.status == .created) }
            #expect(try await Self.outbox(app, to: Demo.newTaipei).contains { $0.subject == "Amity: Taichung answered your question" })

            // A vote opening reaches the officers of the assembly's member cities.
            let motion = try await AuthorizationMatrixTests.motion(app, voting: false)
            try await app.api(.POST, "/api/v1/motions/\(motion)/vote/open", as: admin, json: #"{"closesAt":"2099-01-01T00:00:00Z"}"#)
            #expect(try await Self.outbox(app, to: Demo.taichung).contains { $0.subject.contains("the vote on") && $0.body.contains("/motions/\(motion)") })

            // A network's statement opening reaches its member cities' officers.
            let statement = StatementRecord()
            (statement.title, statement.text, statement.version, statement.status, statement.hostNetworkID, statement.createdBy, statement.createdAt) =
                ("CityNet on open borders", "We ask.", 1, .draft, "citynet", citynet.personID, Date())
            try await statement.create(on: app.db)
            try await app.api(.POST, "/api/v1/statements/\(statement.id!)/open", as: citynet, json: #"{"closesAt":"2099-01-01T00:00:00Z"}"#)
            #expect(try await Self.outbox(app, to: Demo.taichung).contains { $0.subject.contains("CityNet on open borders") })
            #expect(try await Self.outbox(app, to: Demo.cincinnati).allSatisfy { !$0.subject.contains("CityNet on open borders") },
                    "Cincinnati is not in CityNet")

            // A plan's lines reach both cities of each line, except whoever asked for it.
            _ = try await AidTests.offerAndNeed(app)
            let plan = try await app.plan(as: taichung, json: #"{"cityId":1668399}"#)
            #expect(!plan.lines.isEmpty)
            #expect(try await Self.outbox(app, to: Demo.cincinnati).contains { $0.subject.contains("plan \(plan.id) has") })
            #expect(try await Self.outbox(app, to: Demo.taichung).allSatisfy { !$0.subject.contains("plan \(plan.id) has") })
        }
    }

    @Test func aNeedAboutToLapseIsWarnedOncePerConfirmation() async throws {
        try await withAmity { app async throws in
            let cincinnati = try await app.credentials(Demo.cincinnati)
            let need = try await app.api(.POST, "/api/v1/needs", as: cincinnati, json: #"{"cityId":4508722,"item":"gown","quantity":300,"urgency":3}"#)
                .json(NeedDTO.self)
            let row = try #require(try await NeedRecord.find(need.id, on: app.db))
            #expect(try await LapseWarnings(app: app).send() == 0, "a need confirmed today is not due")
            row.confirmedAt = app.clock.now().addingTimeInterval(-13 * 86_400)
            try await row.save(on: app.db)
            #expect(try await LapseWarnings(app: app).send() == 1)
            #expect(try await LapseWarnings(app: app).send() == 0, "once")
            let mail = try #require(try await Self.outbox(app, to: Demo.cincinnati).last)
            // A date as its reader writes it, never ISO text.
            #expect(mail.subject.contains("300 ×") && mail.subject.contains(#/ lapses on \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC$/#), "\(mail.subject)")
            row.confirmedAt = app.clock.now().addingTimeInterval(-15 * 86_400)
            try await row.save(on: app.db)
            #expect(try await LapseWarnings(app: app).send() == 0, "a need already lapsed is not warned")
        }
    }

    @Test func anOfferAboutToLapseIsWarnedOncePerConfirmation() async throws {
        try await withAmity { app async throws in
            let (offer, _, _, _) = try await AidTests.offerAndNeed(app, item: "gown", quantity: 700)
            let row = try #require(try await OfferRecord.find(offer, on: app.db))
            #expect(try await LapseWarnings(app: app).send() == 0, "an offer confirmed today is not due")
            row.confirmedAt = app.clock.now().addingTimeInterval(-13 * 86_400)
            try await row.save(on: app.db)
            #expect(try await LapseWarnings(app: app).send() == 1)
            #expect(try await LapseWarnings(app: app).send() == 0, "once")
            let mail = try #require(try await Self.outbox(app, to: Demo.taichung).last)
            #expect(mail.subject.contains("offer of 700 ×"), "\(mail.subject)")
        }
    }

    @Test func unconfirmedAndDeletedAccountsAndRevokedRolesGetNothing() async throws {
        try await withAmity { app async throws in
            let (offer, need, taichung, _) = try await AidTests.offerAndNeed(app)
            let officer = try #require(try await Person.query(on: app.db).filter(\.$email == Demo.cincinnati).first())
            officer.emailConfirmedAt = nil
            try await officer.save(on: app.db)
            try await app.api(.POST, "/api/v1/pledges", as: taichung, json: #"{"offerId":\#(offer),"needId":\#(need),"quantity":10}"#)
            #expect(try await Self.outbox(app, to: Demo.cincinnati).isEmpty)
            officer.emailConfirmedAt = Date()
            try await officer.save(on: app.db)
            try await RoleRequest.query(on: app.db).filter(\.$personID == officer.id!).set(\.$status, to: .revoked).update()
            try await app.api(.POST, "/api/v1/pledges", as: taichung, json: #"{"offerId":\#(offer),"needId":\#(need),"quantity":10}"#)
            #expect(try await Self.outbox(app, to: Demo.cincinnati).isEmpty)
        }
    }
}
