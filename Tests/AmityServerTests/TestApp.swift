@testable import AmityServer
import Fluent
import Foundation
import NIOPosix
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

/// The sample gazetteer the tests load.
let sampleGazetteer = packageRoot + "Tests/Fixtures/gazetteer-sample.tsv"

/// Runs `test` against a migrated app; `seeded` loads the sample gazetteer and the demo directory
/// (or, with `seed`, what that says: a production start loads the gazetteer alone).
func withAmity(seeded: Bool = true, seed: AmityConfig.Seed? = nil, _ test: (Application) async throws -> Void) async throws {
    try await inSlot {
        try await withCopiedAmity(seed: seed ?? (seeded ? .gazetteerAndDemo(gazetteer: sampleGazetteer) : .none), test)
    }
}

/// Runs `body` while holding one of the slots that bound how many test apps are alive at once.
private func inSlot(_ body: () async throws -> Void) async throws {
    await TestAppSlots.shared.acquire()
    do {
        try await body()
    } catch {
        await TestAppSlots.shared.release()
        throw error
    }
    await TestAppSlots.shared.release()
}

/// Runs `test` on a copy of the template for `seed` (in `file`, on SQLite, when given), or on a
/// freshly migrated and seeded database when `seed` has no template.
private func withCopiedAmity(seed: AmityConfig.Seed, file: String? = nil, _ test: (Application) async throws -> Void) async throws {
    guard let copy = try await DatabaseTemplates.shared.copy(for: seed, file: file) else {
        return try await withFreshAmity(seed: seed, database: file.map { .sqliteFile($0) } ?? TestDatabase.fresh(), ownThreadPool: file != nil, test)
    }
    do {
        try await withFreshAmity(seed: seed, database: copy.database, keys: copy.template, ownThreadPool: file != nil, test)
    } catch {
        try? await DatabaseTemplates.shared.discard(copy)
        throw error
    }
    try await DatabaseTemplates.shared.discard(copy)
}

/// Runs `test` against a migrated app on `database`, seeded as `seed` says.
func withAmity(on database: AmityConfig.Database, seed: AmityConfig.Seed, _ test: (Application) async throws -> Void) async throws {
    let ownThreadPool = if case .sqliteFile = database { true } else { false }
    try await inSlot { try await withFreshAmity(seed: seed, database: database, ownThreadPool: ownThreadPool, test) }
}

/// A second instance of Amity on `app`'s database, with its own connections, write gate and
/// live hub: what another process on the same SQLite file or PostgreSQL schema would be. With
/// `keyFiles`, it starts as `amity serve` does, from those key files (`KeyCheck`).
func withSecondInstance(of app: Application, keyFiles: (document: String, signing: String)? = nil,
                        _ test: (Application) async throws -> Void = { _ in }) async throws {
    let second = try await Application.make(.testing)
    let pool = NIOThreadPool(numberOfThreads: 4)
    pool.start()
    second.threadPool = pool
    defer { pool.shutdownGracefully { _ in } }
    do {
        var config = AmityConfig(database: app.amity.database, seed: .none, home: packageRoot, passwordCost: 4, signingKeyPath: keyFiles?.signing)
        config.documentKeyPath = keyFiles?.document
        try await configure(second, config)
        second.mailTransport = MailRecorder()
        if keyFiles != nil {
            try await prepareDatabase(second)
        } else {
            // Instances of one deployment share its key files; in tests the first instance's key stands for the file.
            second.documentKey = app.documentKey
        }
        try await test(second)
    } catch {
        try? await second.asyncShutdown()
        throw error
    }
    try await second.asyncShutdown()
}

/// Runs `test` against a migrated, seeded app on an SQLite file (on PostgreSQL, its own database),
/// so that a second instance can open the same database.
func withAmityOnAFile(_ test: (Application) async throws -> Void) async throws {
    let file: String? = TestDatabase.postgresURL == nil ? NSTemporaryDirectory() + "amity-test-\(UUID().uuidString).sqlite" : nil
    try await inSlot { try await withCopiedAmity(seed: .gazetteerAndDemo(gazetteer: sampleGazetteer), file: file, test) }
}

private func withFreshAmity(seed: AmityConfig.Seed, database: AmityConfig.Database, keys: DatabaseTemplates.Template? = nil,
                            ownThreadPool: Bool, _ test: (Application) async throws -> Void) async throws {
    let config = AmityConfig(database: database, seed: seed, home: packageRoot, passwordCost: 4, signingKeyPath: nil)
    // Two instances on one SQLite file each wait for its lock on a blocking thread: each gets a
    // pool of its own, as two processes would, rather than the process-wide one all tests share.
    let pool: NIOThreadPool? = ownThreadPool ? NIOThreadPool(numberOfThreads: 4) : nil
    pool?.start()
    defer { pool?.shutdownGracefully { _ in } }
    try await withApp(configure: { app async throws in
        if let pool { app.threadPool = pool }
        try await configure(app, config)
        app.mailTransport = MailRecorder()
        try await prepareDatabase(app)
        if let keys { // what the template's seed hashed and signed with
            app.signingKey = keys.signingKey
            app.documentKey = keys.documentKey
        }
    }) { app async throws in
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
        await BackgroundWorkShutdown().shutdownAsync(app) // the workers stop before their tables go
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
        var key: String?
        var values: [String: String]?
    }
}

/// Percent-encodes a query value (for CJK searches).
func encoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}
