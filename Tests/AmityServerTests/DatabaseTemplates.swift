@testable import AmityServer
import Crypto
import Foundation
import SQLKit
import Vapor

/// Migrated (and, for the demo seed, seeded) databases made once per test process and copied for
/// each test: migrating and seeding took about 0.8 s of a test on SQLite and 1.8 s on PostgreSQL,
/// a copy takes a few milliseconds (a file) or about 0.1 s (`CREATE DATABASE … TEMPLATE`). Each
/// test still gets a database of its own, made by the same migrations and seed as production.
actor DatabaseTemplates {
    static let shared = DatabaseTemplates()

    /// A made template: where it is, and the keys its seed hashed and signed with, which every copy must use.
    struct Template: Sendable {
        var database: AmityConfig.Database
        var signingKey: Curve25519.Signing.PrivateKey
        var documentKey: DocumentKey
    }

    /// A test's own copy of a template; `discard` removes it once the test's app has shut down.
    struct Copy: Sendable {
        var database: AmityConfig.Database
        var template: Template
    }

    private var templates: [String: Task<Template, any Error>] = [:]
    private var admin: Application?

    /// The seeds worth a template: the demo seed nearly every test uses, and none.
    static func name(of seed: AmityConfig.Seed) -> String? {
        switch seed {
        case .none: "bare"
        case .gazetteerAndDemo(let path) where path == sampleGazetteer: "demo"
        default: nil
        }
    }

    /// A fresh copy of the template for `seed`, or nil when that seed has none (the test then migrates and seeds).
    func copy(for seed: AmityConfig.Seed, file: String? = nil) async throws -> Copy? {
        guard let name = Self.name(of: seed) else { return nil }
        let template = try await template(name, seed: seed)
        let unique = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        switch template.database {
        case .sqliteFile(let source):
            let target = file ?? NSTemporaryDirectory() + "amity-test-\(unique).sqlite"
            try FileManager.default.copyItem(atPath: source, toPath: target)
            return Copy(database: .sqliteFile(target), template: template)
        case .postgres(let url, _):
            let copy = "amity_t_\(ProcessInfo.processInfo.processIdentifier)_\(unique)"
            try await adminDatabase().raw("CREATE DATABASE \(ident: copy) TEMPLATE \(ident: Self.databaseName(url))").run()
            return Copy(database: .postgres(url: Self.url(url, database: copy), schema: nil), template: template)
        case .sqliteMemory:
            return nil
        }
    }

    /// Removes a copy after its app has shut down.
    func discard(_ copy: Copy) async throws {
        switch copy.database {
        case .sqliteFile(let path):
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres(let url, _):
            // FORCE: the live feed's listening connection may still be closing. A test user who is not
            // a superuser cannot end an autovacuum worker that is busy in the copy, and the drop fails:
            // it is tried again once the worker is likely done, and a copy still left is dropped by
            // the next run, like the copies of a run that was killed.
            for attempt in 1...3 {
                do {
                    return try await adminDatabase().raw("DROP DATABASE IF EXISTS \(ident: Self.databaseName(url)) WITH (FORCE)").run()
                } catch where attempt < 3 {
                    try await Task.sleep(for: .milliseconds(250 * attempt))
                } catch {
                    return
                }
            }
        case .sqliteMemory:
            break
        }
    }

    private func template(_ name: String, seed: AmityConfig.Seed) async throws -> Template {
        if let made = templates[name] { return try await made.value }
        let task = Task { try await self.make(name, seed: seed) }
        templates[name] = task
        return try await task.value
    }

    private func make(_ name: String, seed: AmityConfig.Seed) async throws -> Template {
        let pid = ProcessInfo.processInfo.processIdentifier
        let database: AmityConfig.Database
        if let base = TestDatabase.postgresURL {
            let admin = try await adminDatabase()
            try await dropTemplatesOfEndedRuns(admin)
            let template = "amity_template_\(pid)_\(name)"
            try await admin.raw("DROP DATABASE IF EXISTS \(ident: template)").run()
            try await admin.raw("CREATE DATABASE \(ident: template)").run()
            database = .postgres(url: Self.url(base, database: template), schema: nil)
        } else {
            Self.removeTemplateFilesOfEndedRuns()
            let path = NSTemporaryDirectory() + "amity-template-\(pid)-\(name).sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            database = .sqliteFile(path)
        }
        let config = AmityConfig(database: database, seed: seed, home: packageRoot, passwordCost: 4, signingKeyPath: nil)
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config)
            app.mailTransport = MailRecorder()
            try await prepareDatabase(app)
            if case .sqliteFile = database {
                // Every page in the main file, so that copying the file alone copies the database.
                try await app.db.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
            let template = Template(database: database, signingKey: app.signingKey, documentKey: app.documentKey)
            try await app.asyncShutdown()
            return template
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Templates and copies left by test runs that ended (killed, or before this scheme cleaned up):
    /// their names carry the process id, and a process that is gone cannot be using them.
    private func dropTemplatesOfEndedRuns(_ admin: any SQLDatabase) async throws {
        struct Row: Decodable { var datname: String }
        let rows = try await admin.raw("SELECT datname FROM pg_database WHERE datname LIKE 'amity\\_t%'").all(decoding: Row.self)
        for row in rows {
            let parts = row.datname.split(separator: "_")
            guard parts.count >= 3, let pid = Int32(parts[2]), pid != ProcessInfo.processInfo.processIdentifier,
                  kill(pid, 0) != 0 else { continue }
            try await admin.raw("DROP DATABASE IF EXISTS \(ident: row.datname) WITH (FORCE)").run()
        }
    }

    /// The SQLite templates of runs that ended (nothing removes a run's own when its process exits).
    private static func removeTemplateFilesOfEndedRuns() {
        let folder = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix("amity-template-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 3, let pid = Int32(parts[2]), pid != ProcessInfo.processInfo.processIdentifier,
                  kill(pid, 0) != 0 else { continue }
            try? FileManager.default.removeItem(atPath: folder + name)
        }
    }

    /// A connection pool on the server's own database, for creating and dropping the others.
    private func adminDatabase() async throws -> any SQLDatabase {
        if let admin { return admin.db.sql }
        let app = try await Application.make(.testing)
        guard let base = TestDatabase.postgresURL else { throw Abort(.internalServerError, reason: "no PostgreSQL to copy on") }
        try app.useDatabase(.postgres(url: base, schema: nil))
        if let admin { // made by another caller while this one waited
            try? await app.asyncShutdown()
            return admin.db.sql
        }
        admin = app // kept for the process's life: the pool is shared by every copy made
        return app.db.sql
    }

    private static func url(_ url: String, database: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + database
        return components.string!
    }

    private static func databaseName(_ url: String) -> String {
        String(URLComponents(string: url)!.path.dropFirst())
    }
}
