@testable import AmityServer
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

/// `amity export` and `amity import`: a whole instance moves between databases without loss; the
/// public copy holds only what the public may read; a damaged or foreign archive changes nothing.
@Suite struct InstanceArchiveTests {
    static func scratch() -> String { NSTemporaryDirectory() + "amity-archive-" + UUID().uuidString }
    static let known = Set(Migrations.all.map(\.name))

    /// Every row of every table of an archive, booleans read as 0 or 1 (SQLite keeps them so).
    static func contents(_ directory: String) throws -> [String: [[String: ArchiveValue]]] {
        let manifest = try JSONDecoder().decode(ArchiveManifest.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json")))
        var tables: [String: [[String: ArchiveValue]]] = [:]
        for table in manifest.tables {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + table.file))
            tables[table.name] = try data.split(separator: 0x0A).map { line in
                try JSONDecoder().decode([String: ArchiveValue].self, from: Data(line)).mapValues { value in
                    if case .bool(let flag) = value { return .int(flag ? 1 : 0) }
                    return value
                }
            }
        }
        return tables
    }

    @Test func anInstanceGoesFromSQLiteToTheTestDatabaseAndBackWithoutLoss() async throws {
        let (first, second, third) = (Self.scratch(), Self.scratch(), Self.scratch())
        defer { for dir in [first, second, third] { try? FileManager.default.removeItem(atPath: dir) } }
        var bearer = "", needs: Int64 = 0
        try await withAmity(on: .sqliteMemory, seed: .gazetteerAndDemo(gazetteer: sampleGazetteer)) { app async throws in
            let cincinnati = try await app.credentials(Demo.cincinnati)
            bearer = cincinnati.bearer
            try await app.api(.POST, "/api/v1/needs", as: cincinnati, json: #"{"cityId":4508722,"item":"mask-surgical-adult","quantity":1500,"urgency":4}"#,
                              headers: ["Idempotency-Key": "archive-test-1"]) { #expect($0.status == .created) }
            let manifest = try await InstanceExport(db: app.db, batchSize: 7).write(to: first)
            let carried = try await TableCatalogue.tables(on: app.db as! any SQLDatabase).map(\.name)
            #expect(manifest.tables.map(\.name) == carried)
            #expect(manifest.tables.filter { $0.rows > 0 }.count >= 35, "\(manifest.tables.filter { $0.rows == 0 }.map(\.name))")
            needs = Int64(try await NeedRecord.query(on: app.db).max(\.$id) ?? 0)
        }
        // Into an empty instance on the test database (PostgreSQL in CI), then out again.
        try await withAmity(on: TestDatabase.fresh(), seed: .none) { app async throws in
            try await InstanceImport(db: app.db, knownMigrations: Self.known).load(from: first)
            try await InstanceExport(db: app.db, batchSize: 7).write(to: second)
            // People, their tokens and their cities came across: the token made before still acts.
            let credentials = Credentials(personID: 0, bearer: bearer, session: "", csrf: "")
            let made = try await app.api(.POST, "/api/v1/needs", as: credentials, json: #"{"cityId":4508722,"item":"sanitised-water","quantity":10,"urgency":2}"#)
            #expect(made.status == .created)
            // Ids go on after the highest loaded, and the search index was rebuilt.
            #expect(try made.json(NeedDTO.self).id > Int(needs))
            let hits = try await app.api(.GET, "/api/v1/search?q=mask").body.string
            #expect(hits.contains("\"total\"") && !hits.contains("\"total\":0"), "\(hits.prefix(300))")
        }
        #expect(try Self.contents(second) == Self.contents(first))
        // And back into SQLite: byte for byte what the first export wrote.
        try await withAmity(on: .sqliteMemory, seed: .none) { app async throws in
            try await InstanceImport(db: app.db, knownMigrations: Self.known).load(from: second)
            try await InstanceExport(db: app.db).write(to: third)
        }
        let manifest = try JSONDecoder().decode(ArchiveManifest.self, from: Data(contentsOf: URL(fileURLWithPath: first + "/manifest.json")))
        for table in manifest.tables {
            let before = try Data(contentsOf: URL(fileURLWithPath: first + "/" + table.file))
            let after = try Data(contentsOf: URL(fileURLWithPath: third + "/" + table.file))
            #expect(before == after, "\(table.name)")
        }
    }

    @Test func aDamagedForeignOrPublicArchiveIsRefusedAndChangesNothing() async throws {
        let source = Self.scratch(), copy = Self.scratch()
        defer { for dir in [source, copy] { try? FileManager.default.removeItem(atPath: dir) } }
        try await withAmity { app async throws in
            try await InstanceExport(db: app.db).write(to: source)
            // An archive is never written over.
            await #expect(throws: ArchiveError.self) { try await InstanceExport(db: app.db).write(to: source) }
            // A database that holds data takes no archive.
            let refused = await #expect(throws: ArchiveError.self) { try await InstanceImport(db: app.db, knownMigrations: Self.known).load(from: source) }
            #expect(refused?.description.contains("already holds data") == true)
        }
        func refusal(_ change: (String) throws -> Void) async throws -> String {
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: source, toPath: copy)
            try change(copy)
            var said = ""
            try await withAmity(seeded: false) { app async throws in
                let error = await #expect(throws: ArchiveError.self) { try await InstanceImport(db: app.db, knownMigrations: Self.known).load(from: copy) }
                said = error?.description ?? ""
                let cities = try await City.query(on: app.db).count(), people = try await Person.query(on: app.db).count()
                #expect(cities == 0 && people == 0)
            }
            return said
        }
        func edit(_ file: String, _ transform: @escaping (String) -> String) -> (String) throws -> Void {
            { dir in
                let path = dir + "/" + file
                try transform(String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
            }
        }
        #expect(try await refusal(edit("pledges.jsonl") { $0.replacingOccurrences(of: "\"quantity\":3200", with: "\"quantity\":3201") }).contains("checksum"))
        #expect(try await refusal { try FileManager.default.removeItem(atPath: $0 + "/cities.jsonl") }.contains("missing"))
        #expect(try await refusal(edit("manifest.json") { $0.replacingOccurrences(of: "\"public\" : false", with: "\"public\" : true") }).contains("public copy"))
        #expect(try await refusal(edit("manifest.json") { $0.replacingOccurrences(of: "AmityServer.CreateCountries", with: "AmityServer.CreateMoonBases") }).contains("CreateMoonBases"))
        #expect(try await refusal(edit("manifest.json") { $0.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 9") }).contains("version 9"))
        #expect(try await refusal { try Data().write(to: URL(fileURLWithPath: $0 + "/manifest.json")) }.contains("cannot be read"))
    }

    @Test func thePublicCopyHoldsOnlyWhatThePublicMayRead() async throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withAmity { app async throws in
            let manifest = try await InstanceExport(db: app.db, publicOnly: true).write(to: directory)
            let names = Set(manifest.tables.map(\.name))
            for secret in ["people", "api_tokens", "web_sessions", "audit_entries", "mail_outbox", "idempotency_records", "role_requests", "follows", "account_links"] {
                #expect(!names.contains(secret), "\(secret)")
            }
            #expect(names.isSuperset(of: ["cities", "partnerships", "memberships", "pledges", "statements", "signature_entries", "practices", "contributions"]))
            var everything = ""
            for table in manifest.tables { everything += try String(contentsOfFile: directory + "/" + table.file, encoding: .utf8) }
            for hidden in ["Mrs Lin", "Xinzhuang", "Illustrative giver who asked", "Another illustrative giver", ".example\"", "person_id", "contact_email", "online_link"] {
                #expect(!everything.contains(hidden), "\(hidden)")
            }
            #expect(everything.contains("Houston residents (illustrative)"))
            let statements = try Self.contents(directory)["statements"] ?? []
            #expect(!statements.isEmpty && !statements.contains { $0["status"] == .text("draft") })
            let practices = try Self.contents(directory)["practices"] ?? []
            #expect(!practices.isEmpty && practices.allSatisfy { $0["status"] == .text("published") })
        }
    }
}
