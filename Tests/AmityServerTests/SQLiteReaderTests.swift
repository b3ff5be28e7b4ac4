@testable import AmityServer
import AmityCore
import Foundation
import SQLKit
import Testing

/// Amity's own readers of its SQLite file (`SQLiteReader`), which answer the entitlement
/// questions' look-ups: the same rows as through the driver, every commit made before seen.
@Suite struct SQLiteReaderTests {
    @Test func aPersonAndTheirLinesReadTheSameAsThroughTheDriver() async throws {
        try await withAmityOnAFile { app async throws in
            if case .postgres = app.amity.database { return #expect(app.sqliteReader == nil, "PostgreSQL has no such readers") }
            let reader = try #require(app.sqliteReader, "an SQLite file has its readers")
            let made = try await RationingFixture.make(app, max: 10)
            let token = try await RationingFixture.terminal(app, made)
            let docs = RationingFixture.documents
            for (id, cards) in [("r-1", [(docs[0], [("adult", 2)]), (docs[2], [("child", 1)])]), ("r-2", [(docs[0], [("adult", 1)])]), ("r-3", [(docs[1], [("adult", 3)])])] {
                let sold = try await app.terminalCall(.POST, "\(made.path)/sales", token: token, json: RationingFixture.sale(id, outlet: made.outlet, cards: cards))
                #expect(sold.status == .created || sold.status == .ok, "\(sold.body.string)")
            }
            var keys = Set(try docs.map { try app.documentKey.programmeKey($0, programmeID: made.programme, field: "document") })
            keys.insert(String(repeating: "0", count: 64))   // nobody's
            for since in [Date(timeIntervalSince1970: 0), Date().addingTimeInterval(3_600)] {
                let own = try SaleHistory.people(keys: keys, programmeID: made.programme, since: since, reading: reader)
                let driver = try await SaleHistory.people(keys: keys, programmeID: made.programme, since: since, on: .sql(app.db.sql))
                #expect(own.count == docs.count && Set(own.keys) == Set(driver.keys))
                for (key, (person, lines)) in driver {
                    let mine = try #require(own[key])
                    #expect(String(describing: mine.0) == String(describing: person))
                    #expect(mine.1.sorted { $0.quantity < $1.quantity } == lines.sorted { $0.quantity < $1.quantity })
                }
                #expect(own.values.map(\.1.count).reduce(0, +) == (since.timeIntervalSince1970 == 0 ? 4 : 0))
            }
        }
    }

    @Test func theLookUpProbesThePeoplesIndexByKeyAndTheLinesByPerson() async throws {
        try await withAmityOnAFile { app async throws in
            if case .postgres = app.amity.database { return }
            let reader = try #require(app.sqliteReader)
            let plan = try reader.rows("EXPLAIN QUERY PLAN " + SaleHistory.peopleWithLines, [.integer(1), .real(0), .text("[]")])
                .compactMap { $0.last?.string }.joined(separator: "\n")
            #expect(plan.contains("SEARCH p USING") && plan.contains("INDEX ration_people_document (programme_id=? AND document_key=?)"), "\(plan)")
            #expect(plan.contains("SEARCH l USING INDEX ration_lines_person (person_id=? AND at>?)"), "\(plan)")
            #expect(!plan.contains("SCAN p") && !plan.contains("SCAN l"), "\(plan)")
        }
    }

    @Test func aReaderSeesEveryCommitMadeBeforeItAsksAndSaysWhatFailed() async throws {
        try await withAmityOnAFile { app async throws in
            if case .postgres = app.amity.database { return }
            let reader = try #require(app.sqliteReader)
            try await app.writeInTurn { sql in try await sql.raw("CREATE TABLE reader_probe (n INTEGER, x REAL, t TEXT)").run() }
            let select = "SELECT n, x, t FROM reader_probe WHERE n >= ?1 ORDER BY n"
            #expect(try reader.rows(select, [.integer(0)]).isEmpty)
            try await app.writeInTurn { sql in try await sql.raw("INSERT INTO reader_probe VALUES (1, 2.5, 'one'), (2, NULL, NULL)").run() }
            #expect(try reader.rows(select, [.integer(0)]) == [[.integer(1), .real(2.5), .text("one")], [.integer(2), .null, .null]])
            try await app.writeInTurn { sql in try await sql.raw("INSERT INTO reader_probe VALUES (3, 0, '三')").run() }
            // The same statement, kept, in a new read transaction: the later commit is there.
            #expect(try reader.rows(select, [.integer(3)]) == [[.integer(3), .real(0), .text("三")]])
            #expect(reader.openConnections == 1, "one look-up at a time needs one connection")
            // A date reads back as the driver stores and reads it.
            let instant = Date(timeIntervalSince1970: 1_585_000_000.123456)
            try await app.writeInTurn { sql in try await sql.raw("INSERT INTO reader_probe (n, x) VALUES (4, \(bind: instant))").run() }
            let stored = try reader.rows("SELECT x FROM reader_probe WHERE n = ?1", [.integer(4)]).first?.first?.date
            struct Row: Decodable { var x: Date }
            #expect(stored == (try await app.db.sql.raw("SELECT x FROM reader_probe WHERE n = 4").first(decoding: Row.self))?.x)
            #expect(throws: SQLiteReader.Failure.self) { try reader.rows("SELECT * FROM no_such_table", []) }
            do {
                _ = try reader.rows("SELECT * FROM no_such_table", [])
            } catch {
                #expect("\(error)".contains("no such table"))
            }
            #expect(throws: SQLiteReader.Failure.self, "a reader writes nothing") { try reader.rows("DELETE FROM reader_probe", []) }
            reader.close()
            #expect(throws: SQLiteReader.Failure.self, "closed with the app") { try reader.rows(select, [.integer(0)]) }
        }
    }
}
