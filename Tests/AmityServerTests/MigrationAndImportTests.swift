@testable import AmityServer
import AmityCore
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite struct MigrationAndImportTests {
    @Test func migrationsRunForwardBackAndForwardAgain() async throws {
        try await withAmity { app async throws in
            #expect(try await City.query(on: app.db).count() > 0)
            #expect(try await Person.query(on: app.db).count() > 0)
            try await app.autoRevert()
            // Reverted, the tables are gone: a read fails rather than finding nothing.
            await #expect(throws: (any Error).self) { try await City.query(on: app.db).count() }
            await #expect(throws: (any Error).self) { try await NotificationOptOut.query(on: app.db).count() }
            try await app.autoMigrate()
            #expect(try await City.query(on: app.db).count() == 0)
            #expect(try await NeedRecord.query(on: app.db).count() == 0)
            try await FirstStart(app: app).seedIfEmpty()
            #expect(try await City.query(on: app.db).count() > 0, "and the first start fills it again")
        }
    }

    /// Hashes and sale ids compare as bytes on PostgreSQL, not through its locale (`CompareKeysAsBytes`);
    /// SQLite's columns compare as bytes already. Either way a lookup by key still finds its row.
    @Test func keysCompareAsBytes() async throws {
        try await withAmity { app async throws in
            struct Column: Decodable { var table_name: String; var column_name: String; var collation_name: String? }
            if app.db.sql.dialect.name == "postgresql" {
                let columns = try await app.db.sql.raw("""
                    SELECT table_name, column_name, collation_name FROM information_schema.columns WHERE table_schema = current_schema()
                    """).all(decoding: Column.self)
                for (table, column) in CompareKeysAsBytes.columns {
                    let found = columns.first { $0.table_name == table && $0.column_name == column }
                    #expect(found?.collation_name == "C", "\(table).\(column): \(String(describing: found?.collation_name))")
                }
            }
            let person = try #require(try await RegisteredPersonRecord.query(on: app.db).first())
            let key = person.documentKey
            #expect(try await RegisteredPersonRecord.query(on: app.db).filter(\.$documentKey == key).count() == 1)
            #expect(try await RegisteredPersonRecord.query(on: app.db).filter(\.$documentKey == key.uppercased()).count() == 0,
                    "a key is matched byte for byte")
        }
    }

    @Test func importingTwiceDuplicatesNothing() async throws {
        try await withAmity(seeded: false) { app async throws in
            let file = packageRoot + "Tests/Fixtures/gazetteer-sample.tsv"
            let first = try await GazetteerImport(database: app.db).run(path: file)
            let cityCount: Int = try await City.query(on: app.db).count()
            let nameCount: Int = try await CityName.query(on: app.db).count()
            let countryCount: Int = try await Country.query(on: app.db).count()
            let counts = (cityCount, nameCount, countryCount)
            let second = try await GazetteerImport(database: app.db).run(path: file)
            #expect(first.regions > 0 && first.regions == second.regions)
            #expect(try await Region.query(on: app.db).count() == first.regions)
            #expect(first.cities == second.cities && first.names == second.names)
            #expect(counts.0 == first.cities && counts.2 == first.countries)
            #expect(try await City.query(on: app.db).count() == counts.0)
            #expect(try await CityName.query(on: app.db).count() == counts.1)
            #expect(try await Country.query(on: app.db).count() == counts.2)
        }
    }

    @Test func aDatabaseFromBeforeRegionsGetsThemOnTheNextStart() async throws {
        try await withAmity { app async throws in
            try await Region.query(on: app.db).delete()
            let taiwan = try #require(try await Country.find("TW", on: app.db))
            (taiwan.nameJapanese, taiwan.nameKorean) = (nil, nil)
            try await taiwan.save(on: app.db)
            let cities: Int = try await City.query(on: app.db).count()
            try await FirstStart(app: app).seedIfEmpty()
            #expect(try await Region.query(on: app.db).count() > 0)
            #expect(try await Country.find("TW", on: app.db)?.nameKorean == "대만")
            #expect(try await City.query(on: app.db).count() == cities, "updated in place")
        }
    }

    @Test func aBrokenFileChangesNothingAndNamesTheLine() async throws {
        try await withAmity { app async throws in
            let before: Int = try await City.query(on: app.db).count()
            var lines = try String(contentsOfFile: packageRoot + "Tests/Fixtures/gazetteer-sample.tsv", encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let broken = lines.count - 3
            lines[broken] = "city\t1\t\tNowhere\tTW\t\t95\t0\t0\t"
            do {
                _ = try await GazetteerImport(database: app.db).run(text: lines.joined(separator: "\n"))
                Issue.record("a broken file was accepted")
            } catch let DomainError.invalid(fields) {
                #expect(fields.first?.field == "line \(broken + 1)")
            }
            #expect(try await City.query(on: app.db).count() == before)
        }
    }

    @Test func theShippedGazetteerHoldsEveryCityAndThePapersPlaces() throws {
        let text = try GazetteerImport.read(path: packageRoot + "Data/gazetteer.tsv.gz")
        var cities = Set<Int>()
        for (index, line) in text.split(separator: "\n").enumerated() {
            if case .city(let city) = try GazetteerRecord.parse(line, lineNumber: index + 1) { cities.insert(city.id) }
        }
        #expect(cities.count > 34_000)
        #expect(cities.isSuperset(of: [900_000_001, 2_145_110, 1_668_399, 12_908_892, 4_508_722, 1_861_416, 4_367_175]))
    }

    @Test func aFailingImportCommandLeavesNoTrace() async throws {
        try await withAmity(seeded: false) { app async throws in
            await #expect(throws: (any Error).self) {
                _ = try await GazetteerImport(database: app.db).run(path: packageRoot + "Data/does-not-exist.tsv")
            }
            #expect(try await Country.query(on: app.db).count() == 0)
        }
    }
}

@Suite struct ConfigTests {
    private func config(_ arguments: inout [String], _ environment: [String: String] = [:], production: Bool = false) throws -> AmityConfig {
        try AmityConfig.fromProcess(environment: environment, arguments: &arguments, workingDirectory: "/w/", home: "/h/", production: production)
    }

    @Test func databaseFlagWinsAndIsRemovedForVapor() throws {
        var arguments = ["amity", "serve", "--database", "/tmp/x.sqlite", "--port", "9000"]
        let config = try config(&arguments, ["DATABASE_URL": "postgres://u@h/db"])
        #expect(config.database == .sqliteFile("/tmp/x.sqlite"))
        #expect(arguments == ["amity", "serve", "--port", "9000"])
        #expect(config.seed == .gazetteerAndDemo(gazetteer: "/h/Data/gazetteer.tsv.gz"))
        #expect(!config.secureCookies)
    }

    /// C1: production loads the gazetteer and no account; demo data only with an explicit --demo,
    /// and then never with the README's password.
    @Test func productionNeverSeedsDemoAccountsUnasked() throws {
        var serve = ["amity", "--env", "production", "serve"]
        let production = try config(&serve, production: true)
        #expect(production.seed == .gazetteer("/h/Data/gazetteer.tsv.gz"))
        #expect(production.secureCookies)
        var demo = ["amity", "serve", "--demo"]
        let asked = try config(&demo, production: true)
        #expect(asked.seed == .gazetteerAndDemo(gazetteer: "/h/Data/gazetteer.tsv.gz"))
        #expect(!asked.publishedDemoPassword)
        #expect(demo == ["amity", "serve"])
        var insecure = ["amity"]
        #expect(try !config(&insecure, ["AMITY_SECURE_COOKIES": "0"], production: true).secureCookies)
    }

    @Test func defaultsNeedNoSetUp() throws {
        var arguments = ["amity"]
        let config = try config(&arguments)
        #expect(config.database == .sqliteFile("/w/amity.sqlite"))
        var importing = ["amity", "import", "gazetteer", "f.tsv"]
        let importConfig = try self.config(&importing, ["DATABASE_URL": "postgresql://u@h/db"])
        #expect(importConfig.database == .postgres(url: "postgresql://u@h/db", schema: nil))
        #expect(importConfig.seed == .none)
        var missing = ["amity", "--database"]
        #expect(throws: (any Error).self) { try self.config(&missing) }
    }

    /// Help and the offline commands never open a database; migrate opens one but runs nothing by itself.
    @Test func onlyCommandsThatNeedADatabaseOpenOne() {
        #expect(CommandNeeds(arguments: ["amity", "--help"]) == .nothing)
        #expect(CommandNeeds(arguments: ["amity", "serve", "--help"]) == .nothing)
        #expect(CommandNeeds(arguments: ["amity", "verify-statement", "--help"]) == .nothing)
        #expect(CommandNeeds(arguments: ["amity", "verify-statement", "f.json"]) == .nothing)
        #expect(CommandNeeds(arguments: ["amity", "allocate", "--dimacs", "f.min"]) == .nothing)
        #expect(CommandNeeds(arguments: ["amity", "allocate", "--input=p.json"]) == .nothing)
        #expect(CommandNeeds(arguments: ["amity", "allocate"]) == .migratedDatabase)
        #expect(CommandNeeds(arguments: ["amity", "migrate"]) == .connection)
        #expect(CommandNeeds(arguments: ["amity"]) == .migratedDatabase)
        // Only the server takes up plans left in line.
        #expect(CommandNeeds.serves(["amity"]) && CommandNeeds.serves(["amity", "serve", "--port", "8081"]))
        #expect(!CommandNeeds.serves(["amity", "import", "gazetteer"]) && !CommandNeeds.serves(["amity", "serve", "--help"]))
    }

    /// The program finds its resources above the executable, from whatever folder it starts in.
    @Test func homeIsFoundFromTheExecutable() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("amity-home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Resources/Localization"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root.appendingPathComponent(AmityHome.marker).path, contents: Data("{}".utf8))
        #expect(AmityHome.search(from: root.appendingPathComponent("bin/amity").path) == root.path + "/")
        #expect(AmityHome.locate(environment: ["AMITY_HOME": "/opt/amity"], executable: "/x/amity", workingDirectory: "/w/") == "/opt/amity/")
        #expect(AmityHome.search(from: "/nonexistent/bin/amity") == nil)
    }
}

@Suite struct AllocateCommandTests {
    @Test func streamsADIMACSFileAcrossBlockBoundaries() async throws {
        // Enough lines to cross the 4 MiB read block, Windows line ends, and no final newline.
        var text = "c generated\r\np min 3 200000\r\nn 1 200000\r\nn 3 -200000\r\n"
        for i in 0..<200_000 { text += "a 1 \(i % 2 == 0 ? 2 : 3) 0 1 \(i % 7)\r\n" }
        text = String(text.dropLast())   // "\r\n" is one Character
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("amity-\(UUID().uuidString).min").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Half the arcs lead to node 2, which has no way on: infeasible until an arc 2 → 3 is added.
        let infeasible = try AllocateCommand.read(path: path)
        await #expect(throws: DomainError.self) { _ = try await MinCostFlow.solve(infeasible) }
        try (text + "\r\na 2 3 0 200000 0").replacingOccurrences(of: "p min 3 200000", with: "p min 3 200001").write(toFile: path, atomically: true, encoding: .utf8)
        let streamed = try AllocateCommand.read(path: path)
        #expect(streamed.arcCount == 200_001)
        let solution = try await MinCostFlow.solve(streamed)
        #expect(solution.cost == (0..<200_000).reduce(Int64(0)) { $0 + Int64($1 % 7) })
    }
}
