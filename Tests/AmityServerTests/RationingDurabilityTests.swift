@testable import AmityServer
import AmityCore
import AsyncHTTPClient
import Fluent
import Foundation
import NIOCore
import Testing
import Vapor

/// I3: a sale acknowledged by `amity serve` survives the process being killed (SIGKILL) the moment
/// the answer arrives, and is there exactly once after a restart. The server runs as its own
/// process on an SQLite file (WAL, `synchronous` FULL), as `swift run amity serve` does.
@Suite(.serialized) struct RationingDurabilityTests {
    static let amity = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("amity")

    static func start(_ folder: URL, port: Int) throws -> Process {
        let process = Process()
        process.executableURL = amity
        process.arguments = ["serve", "--database", folder.appendingPathComponent("amity.sqlite").path, "--port", String(port), "--hostname", "127.0.0.1"]
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var environment = ProcessInfo.processInfo.environment
        environment["AMITY_DOCUMENT_KEY"] = folder.appendingPathComponent("document.key").path
        environment["AMITY_SIGNING_KEY"] = folder.appendingPathComponent("signing.key").path
        environment["AMITY_MAIL_DIR"] = folder.appendingPathComponent("mail").path
        environment["LOG_LEVEL"] = "error"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func waitUntilUp(port: Int) async throws {
        // A debug build on a loaded CI machine can take minutes to come up; the clock, not a count, decides.
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline {
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(2)),
               response.status == .ok { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw Abort(.serviceUnavailable, reason: "amity serve did not come up on port \(port)")
    }

    static func sell(port: Int, token: String, body: String, programme: Int) async throws -> (HTTPResponseStatus, String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/rationing/programmes/\(programme)/sales")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (response.status, String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test func anAcknowledgedSaleSurvivesKillNine() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.amity.path), "swift test builds amity beside the tests")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amity-durability-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The file is migrated and seeded here, in process, with the small gazetteer the other tests
        // use, so `amity serve` finds a ready database and only opens it; its document key is the
        // file the server is given, so the person registered here is found there.
        let keyBytes = Data([UInt8].random(count: 32))
        let keyPath = folder.appendingPathComponent("document.key").path
        #expect(FileManager.default.createFile(atPath: keyPath, contents: Data(keyBytes.base64EncodedString().utf8), attributes: [.posixPermissions: 0o600]))
        let database = AmityConfig.Database.sqliteFile(folder.appendingPathComponent("amity.sqlite").path)
        var token = "", programme = 0
        try await withAmity(on: database, seed: .gazetteerAndDemo(gazetteer: sampleGazetteer)) { app async throws in
            let row = try await ProgrammeRecord.query(on: app.db).filter(\.$countryCode == "TW").first()!
            programme = try row.requireID()
            let outlet = try await OutletRecord.query(on: app.db).filter(\.$programmeID == programme).filter(\.$isTest == false).sort(\.$code).first()!
            token = try await Terminals(db: app.db).issue(CreateTerminalRequest(name: "Durability"), outlet: outlet, cap: 2, by: nil, now: Date()).token
            _ = try await RegisteredPeople(db: app.db, key: DocumentKey(bytes: keyBytes))
                .register(RegisterPersonRequest(document: "Q123456789", documentType: "nhi", birth: "1980-02-03"), programmeID: programme, now: Date())
        }
        let port = 18_000 + Int.random(in: 0..<2_000)
        let first = try Self.start(folder, port: port)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        try await Self.waitUntilUp(port: port)
        let body = #"{"saleId":"durable-1","cards":[{"document":"Q123456789","lines":[{"class":"adult","quantity":10}]}]}"#
        let (status, answer) = try await Self.sell(port: port, token: token, body: body, programme: programme)
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(status == .created, "\(answer)")
        let second = try Self.start(folder, port: port)
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        try await Self.waitUntilUp(port: port)
        let (again, replay) = try await Self.sell(port: port, token: token, body: body, programme: programme)
        #expect(again == .ok && replay == answer, "the first answer, kept")
        second.terminate()
        second.waitUntilExit()
        try await withAmity(on: database, seed: .none) { app async throws in
            #expect(try await SaleRecord.query(on: app.db).filter(\.$clientID == "durable-1").count() == 1)
            #expect(try await SaleLineRecord.query(on: app.db).count() == 1)
            struct Mode: Decodable { var synchronous: Int }
            #expect(try await app.writer.sql.raw("PRAGMA synchronous").first(decoding: Mode.self)?.synchronous == 2, "FULL on the connections that write: a commit is on disk before it is acknowledged")
        }
    }
}
