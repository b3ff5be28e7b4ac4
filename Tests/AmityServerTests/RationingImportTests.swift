@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import Vapor

/// Outlets and people from CSV files, as `amity rationing import-outlets|import-people` loads them.
@Suite struct RationingImportTests {
    @Test func outletsKeepTheirCodesAndABadFileChangesNothing() async throws {
        try await withAmity(seeded: false) { app async throws in
            let made = try await RationingFixture.make(app, people: 0, owner: .country("TW"))
            let load = RationingImport(db: app.db, key: app.documentKey)
            let good = "\u{FEFF}Code,Name,Address,Phone,Latitude,Longitude,Test\n" +
                "0145080011,健康藥局,\"臺北市中正區, 重慶南路一段 1 號\",02-2312-3456,25.04,121.51,\n" +
                "0000000000,臺北虛擬診所,臺北市,,,,yes\n\n"
            let summary = try await load.outlets(good, programmeID: made.programme, now: Date())
            #expect(summary == .init(created: 2, unchanged: 0, updated: 0))
            let pharmacy = try await OutletRecord.query(on: app.db).filter(\.$code == "0145080011").first()
            #expect(pharmacy?.address == "臺北市中正區, 重慶南路一段 1 號" && pharmacy?.latitude == 25.04 && pharmacy?.isTest == false)
            #expect(try await OutletRecord.query(on: app.db).filter(\.$code == "0000000000").first()?.isTest == true)
            #expect(try await load.outlets(good, programmeID: made.programme, now: Date()).updated == 2, "run again, it updates")
            let count = try await OutletRecord.query(on: app.db).count()
            let bad = "code,name,address,latitude,longitude\n0145080012,A,B,,\n01,\"Two\nlines\",C,91,10\n0145080012,D,E,,\n"
            do {
                _ = try await load.outlets(bad, programmeID: made.programme, now: Date())
                Issue.record("a bad file was loaded")
            } catch let DomainError.invalid(fields) {
                #expect(fields.map(\.field) == ["line 3: latitude", "line 4: code"])
            }
            #expect(try await OutletRecord.query(on: app.db).count() == count)
            await #expect(throws: DomainError.self) { try await load.outlets("code,name\n1,2\n", programmeID: made.programme, now: Date()) }
        }
    }

    @Test func peopleAreHashedAndCountedOnce() async throws {
        try await withAmity(seeded: false) { app async throws in
            let made = try await RationingFixture.make(app, people: 0, owner: .country("TW"))
            let load = RationingImport(db: app.db, key: app.documentKey)
            var file = "document,documentType,birth,flags,household,district\n"
            for n in 0..<1_203 { file += "P\(String(format: "%09d", n)),nhi,19\(50 + n % 50),\(n % 100 == 0 ? "disabled;longTermCare" : ""),H\(n / 4),D\(n % 7)\n" }
            let fractions = ProgressLog()
            let summary = try await load.people(file, programmeID: made.programme, now: Date()) { fractions.add($0) }
            #expect(summary.created == 1_203 && fractions.values.last == 1 && fractions.values.count == 3)
            #expect(try await load.people(file, programmeID: made.programme, now: Date()).unchanged == 1_203)
            #expect(try await RegisteredPersonRecord.query(on: app.db).filter(\.$flags == "disabled,longTermCare").count() == 13)
            do {
                _ = try await load.people("document,documentType,birth\nP1,nhi,1980\nX,nhi,1980-13\n", programmeID: made.programme, now: Date())
                Issue.record("a bad file was loaded")
            } catch let DomainError.invalid(fields) {
                #expect(fields.map(\.field) == ["line 2: document", "line 3: document", "line 3: birth"])
            }
        }
    }

    @Test func terminalsAreIssuedAllOrNoneWithinTheCap() async throws {
        try await withAmity(seeded: false) { app async throws in
            let made = try await RationingFixture.make(app, people: 0, owner: .country("TW"))
            let programme = try #require(try await ProgrammeRecord.find(made.programme, on: app.db))
            let load = RationingImport(db: app.db, key: app.documentKey)
            let issued = try await load.terminals("outlet,name\n0100000001,Front desk\n0100000001,\n0100000002,Window\n", programme: programme, now: Date())
            #expect(issued.map(\.outlet) == ["0100000001", "0100000001", "0100000002"])
            #expect(issued.allSatisfy { $0.token.hasPrefix(TerminalCredential.prefix) } && Set(issued.map(\.token)).count == 3)
            let live = try await TerminalRecord.query(on: app.db).all()
            #expect(live.count == 3 && live.allSatisfy { $0.createdBy == nil } && live.map(\.name).contains("Terminal 2"))
            // The third at outlet 0100000001 passes the programme's cap of 2: the whole file is refused.
            await #expect(throws: DomainError.self) {
                try await load.terminals("outlet\n0100000002\n0100000001\n", programme: programme, now: Date())
            }
            do {
                _ = try await load.terminals("outlet\n0100000002\n9999\n", programme: programme, now: Date())
                Issue.record("an unknown outlet was accepted")
            } catch let DomainError.invalid(fields) {
                #expect(fields.map(\.field) == ["line 3: outlet"])
            }
            #expect(try await TerminalRecord.query(on: app.db).count() == 3, "nothing of a refused file is issued")
        }
    }
}

/// Progress fractions as reported, in order.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Double] = []
    func add(_ value: Double) { lock.withLock { list.append(value) } }
    var values: [Double] { lock.withLock { list } }
}
