@testable import AmityServer
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The database tests run on: SQLite in memory, or PostgreSQL when `AMITY_TEST_POSTGRES_URL` is set.
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["AMITY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A fresh database: its own in-memory SQLite, or its own PostgreSQL schema.
    static func fresh() -> AmityConfig.Database {
        if let url = postgresURL {
            return .postgres(url: url, schema: "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())
        }
        return .sqliteMemory
    }
}

/// The package root, where `Data/`, `Resources/` and `Tests/Fixtures` live.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path + "/"
}()

/// Test apps alive at once. Swift Testing starts every test together; on PostgreSQL each app
/// holds connections, and hundreds at once exceed the server's limit.
actor TestAppSlots {
    static let shared = TestAppSlots(TestDatabase.postgresURL == nil ? 32 : 8)
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

/// Runs `test` against a migrated app; `seeded` loads the sample gazetteer and the demo directory.
func withAmity(seeded: Bool = true, _ test: (Application) async throws -> Void) async throws {
    await TestAppSlots.shared.acquire()
    do {
        try await withFreshAmity(seeded: seeded, test)
    } catch {
        await TestAppSlots.shared.release()
        throw error
    }
    await TestAppSlots.shared.release()
}

private func withFreshAmity(seeded: Bool, _ test: (Application) async throws -> Void) async throws {
    let database = TestDatabase.fresh()
    let config = AmityConfig(
        database: database,
        seed: seeded ? .gazetteerAndDemo(gazetteer: packageRoot + "Tests/Fixtures/gazetteer-sample.tsv") : .none,
        workingDirectory: packageRoot, passwordCost: 4)
    try await withApp(configure: { app async throws in try await configure(app, config) }) { app async throws in
        do {
            try await test(app)
        } catch {
            try await dropSchema(of: database, app: app)
            throw error
        }
        try await dropSchema(of: database, app: app)
    }
}

private func dropSchema(of database: AmityConfig.Database, app: Application) async throws {
    if case .postgres(_, let schema?) = database {
        try await app.db.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
    }
}

extension TestingHTTPResponse {
    /// The body decoded as JSON into `T`, failing the test with the body when it does not decode.
    func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do { return try decoder.decode(T.self, from: Data(body.readableBytesView)) } catch {
            Issue.record("Could not decode \(T.self) from \(body.string)")
            throw error
        }
    }
}

/// A problem+json body, as tests read it.
struct ProblemBody: Decodable {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var errors: [Field]?

    struct Field: Decodable {
        var field: String
        var message: String
    }
}

/// Percent-encodes a query value (for CJK searches).
func encoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}
