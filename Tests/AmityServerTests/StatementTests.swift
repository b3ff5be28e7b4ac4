@testable import AmityServer
import AmityCore
import Fluent
import Crypto
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct StatementTests {
    static let draft = #"{"title":"Medicine should cross borders","text":"We, the undersigned cities, ask that medical supplies not be stopped at borders.","hostCityId":1668399}"#

    @Test func aStatementIsWrittenFrozenSignedAndWithdrawnFrom() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung), newTaipei = try await app.credentials(Demo.newTaipei)
            let created = try await app.api(.POST, "/api/v1/statements", as: taichung, json: Self.draft).json(StatementDTO.self)
            #expect(created.status == .draft && created.textHash == nil && created.host.name == "Taichung")
            try await app.api(.POST, "/api/v1/statements/\(created.id)/signatures", as: taichung, json: #"{"cityId":1668399,"title":"Mayor"}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            _ = try await app.api(.PUT, "/api/v1/statements/\(created.id)", as: taichung, json: Self.draft.replacingOccurrences(of: "stopped", with: "held"))
            try await app.api(.POST, "/api/v1/statements/\(created.id)/open", as: taichung, json: #"{"closesAt":"2000-01-01T00:00:00Z"}"#) { res async throws in
                #expect(res.status == .badRequest)
            }
            let opened = try await app.api(.POST, "/api/v1/statements/\(created.id)/open", as: taichung, json: #"{"closesAt":"2099-01-01T00:00:00Z"}"#).json(StatementDTO.self)
            #expect(opened.status == .open && opened.textHash == opened.head && opened.text.contains("held"))
            // The API keeps the wire value; a page says it in the reader's language.
            try await app.testing().test(.GET, "/statements/\(created.id)?lang=zh-Hant") { res async throws in
                #expect(res.body.string.contains(#"<span class="badge">開放聯署</span>"#))
                #expect(res.body.string.contains("2099年1月1日 00:00 UTC") && !res.body.string.contains("2099-01-01T00:00:00Z"), "a date for its reader")
            }
            try await app.testing().test(.GET, "/statements?lang=ko") { res async throws in
                #expect(res.body.string.contains(#"<span class="badge">서명 진행 중</span>"#))
                #expect(!res.body.string.contains(#"<span class="badge">open</span>"#))
            }
            // A frozen text does not change.
            try await app.api(.PUT, "/api/v1/statements/\(created.id)", as: taichung, json: Self.draft) { res async throws in #expect(res.status == .conflict) }
            let before = try await app.auditCount()
            try await app.api(.POST, "/api/v1/statements/\(created.id)/signatures", as: newTaipei, json: #"{"cityId":1668399,"title":"Mayor"}"#) { res async throws in
                #expect(res.status == .forbidden)
            }
            try await app.api(.POST, "/api/v1/statements/\(created.id)/signatures", as: taichung, json: #"{"cityId":1668399,"title":""}"#) { res async throws in
                #expect(res.status == .badRequest)
            }
            #expect(try await app.auditCount() == before)
            _ = try await app.api(.POST, "/api/v1/statements/\(created.id)/signatures", as: taichung, json: #"{"cityId":1668399,"title":"Mayor of Taichung"}"#)
            try await app.api(.POST, "/api/v1/statements/\(created.id)/signatures", as: taichung, json: #"{"cityId":1668399,"title":"Mayor of Taichung"}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            let signed = try await app.api(.POST, "/api/v1/statements/\(created.id)/signatures", as: newTaipei,
                                           json: #"{"cityId":12908892,"title":"Mayor of New Taipei"}"#).json(StatementDTO.self)
            #expect(signed.signatories.map(\.city.id) == [Demo.taichungID, Demo.newTaipeiID])
            let withdrawn = try await app.api(.POST, "/api/v1/statements/\(created.id)/signatures/1668399/withdraw", as: taichung).json(StatementDTO.self)
            #expect(withdrawn.signatories.map(\.city.id) == [Demo.newTaipeiID])
            // The export holds all three entries, chained; Amity confirms it is its own.
            let export = try await app.api(.GET, "/api/v1/statements/\(created.id)/signatures.json").json(StatementExport.self)
            #expect(export.entries.map(\.action) == [.sign, .sign, .withdraw] && export.head == withdrawn.head)
            let body = String(decoding: try JSONEncoder().encode(export), as: UTF8.self)
            let verdict = try await app.api(.POST, "/api/v1/statements/verify", json: body).json(VerificationDTO.self)
            #expect(verdict.intact && verdict.matchesRecord == true && verdict.signatories == 1)
            // A consistent forgery (the withdrawal removed, the head rebuilt) is not Amity's record.
            var forged = export
            forged.entries.removeLast()
            forged.head = forged.entries.last!.hash
            let caught = try await app.api(.POST, "/api/v1/statements/verify", json: String(decoding: try JSONEncoder().encode(forged), as: UTF8.self)).json(VerificationDTO.self)
            #expect(caught.matchesRecord == false && caught.position == 3 && caught.recordHead == export.head)
            let csv = try await app.api(.GET, "/api/v1/statements/\(created.id)/signatures.csv").body.string
            #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2 && csv.contains("Mayor of New Taipei"))
        }
    }

    @Test func signingOutsideTheWindowAndNewVersionsStartAfresh() async throws {
        try await withAmity { app async throws in
            let taichung = try await app.credentials(Demo.taichung)
            let created = try await app.api(.POST, "/api/v1/statements", as: taichung, json: Self.draft).json(StatementDTO.self)
            _ = try await app.api(.POST, "/api/v1/statements/\(created.id)/open", as: taichung, json: #"{"closesAt":"2027-06-01T00:00:00Z"}"#)
            let v2 = try await app.api(.POST, "/api/v1/statements/\(created.id)/versions", as: taichung,
                                       json: #"{"title":"Medicine should cross borders (2)","text":"Revised."}"#).json(StatementDTO.self)
            #expect(v2.version == 2 && v2.previousId == created.id && v2.status == .draft && v2.signatories.isEmpty)
            app.clock = WallClock { Date(timeIntervalSince1970: 1_814_400_000) } // July 2027: the signing has closed
            try await app.api(.POST, "/api/v1/statements/\(created.id)/signatures", as: taichung, json: #"{"cityId":1668399,"title":"Mayor"}"#) { res async throws in
                #expect(res.status == .conflict)
            }
            #expect(try await app.api(.GET, "/api/v1/statements/\(created.id)").json(StatementDTO.self).status == .closed)
        }
    }

    @Test func concurrentSignaturesMakeOneUnbrokenChain() async throws {
        try await withAmity { app async throws in
            let admin = try await app.credentials(Demo.admin)
            let created = try await app.api(.POST, "/api/v1/statements", as: admin, json: Self.draft).json(StatementDTO.self)
            _ = try await app.api(.POST, "/api/v1/statements/\(created.id)/open", as: admin, json: #"{"closesAt":"2099-01-01T00:00:00Z"}"#)
            // The administrator may act for any city: ten cities at once, two of them twice.
            let cities = [1668399, 12908892, 4508722, 1668341, 6696918, 1673820, 1835848, 3173435, 2759794, 2988507]
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for city in cities + [1668399, 3173435] {
                    group.addTask {
                        try await app.api(.POST, "/api/v1/statements/\(created.id)/signatures", as: admin, json: #"{"cityId":\#(city),"title":"Mayor"}"#).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 10 && statuses.filter { $0 == 409 }.count == 2, "\(statuses)")
            let export = try await app.api(.GET, "/api/v1/statements/\(created.id)/signatures.json").json(StatementExport.self)
            #expect(export.entries.map(\.position) == Array(1...10))
            #expect(SignatureChain.verify(export) == .intact(signatories: 10, head: export.head))
        }
    }

    @Test func theDemoLetterIsIntactAndItsPagesWork() async throws {
        try await withAmity { app async throws in
            let letter = try await StatementRecord.query(on: app.db).filter(\.$hostNetworkID == "gpm").first()!
            let export = try await app.api(.GET, "/api/v1/statements/\(letter.id!)/signatures.json").json(StatementExport.self)
            #expect(SignatureChain.verify(export) == .intact(signatories: 4, head: export.head))
            #expect(export.entries.map(\.city) == ["Amsterdam", "Barcelona", "Paris", "Milan"])
            // `amity verify-statement FILE` says intact, then exactly where a tampered copy breaks.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("letter-\(UUID().uuidString).json")
            try JSONEncoder().encode(export).write(to: file)
            let key = try await app.api(.GET, "/api/v1/signing-key").json(SigningKeyDTO.self)
            #expect(export.publicKey == key.publicKey)
            #expect(VerifyStatementCommand.run(path: file.path, trustedKey: key.publicKey) == ("intact: statement \(letter.id!) version 1, 4 entries, 4 cities signed\n"
                + "head \(export.head), signed by key \(key.fingerprint), the key you gave", true))
            // L10: a forger who rebuilds a consistent chain from a dump cannot sign its head with the instance's key.
            var forged = export
            forged.head = String(repeating: "0", count: 64)
            forged.entries = []
            forged.head = forged.textHash
            try JSONEncoder().encode(forged).write(to: file)
            #expect(!VerifyStatementCommand.run(path: file.path, trustedKey: key.publicKey).intact)
            try HeadSignature.sign(&forged, with: Curve25519.Signing.PrivateKey())
            try JSONEncoder().encode(forged).write(to: file)
            #expect(!VerifyStatementCommand.run(path: file.path, trustedKey: key.publicKey).intact, "signed, but by another key")
            #expect(try await app.api(.POST, "/api/v1/statements/verify", json: String(decoding: try JSONEncoder().encode(forged), as: UTF8.self))
                .json(VerificationDTO.self).headSignature == "signed-by-another-key")
            var tampered = export
            tampered.entries[2].signer = "Someone else"
            try JSONEncoder().encode(tampered).write(to: file)
            let (report, intact) = VerifyStatementCommand.run(path: file.path)
            #expect(!intact && report.hasPrefix("broken at entry 3: Entry 3 (Paris) was changed"))
            try? FileManager.default.removeItem(at: file)
            let page = try await app.page("/statements/\(letter.id!)").body.string
            #expect(page.contains("Femke Halsema") && page.contains(export.head))
            #expect(try await app.page("/statements").status == .ok)
            let taichung = try await app.credentials(Demo.taichung)
            try await app.form("/statements", as: taichung, fields: ["host": "city:1668399", "title": "", "text": "x"]) { res async throws in
                #expect(res.status == .badRequest && res.body.string.contains("Fill this in."))
            }
        }
    }
}
