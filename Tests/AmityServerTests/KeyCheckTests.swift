@testable import AmityServer
import Foundation
import Testing
import Vapor

/// Key files and the database they serve (`KeyCheck`): a server or a command started with another
/// key file, or from a folder without one, is refused before it reads or writes anything.
@Suite struct KeyCheckTests {
    @Test func anotherKeyFileOrNoneIsRefusedAndNoneIsMade() async throws {
        try await withAmityOnAFile { app async throws in
            let folder = NSTemporaryDirectory() + "amity-keys-\(UUID().uuidString)/"
            let elsewhere = folder + "elsewhere/"
            try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let (document, signing) = (folder + "document.key", folder + "signing.key")

            // The first start makes the key files and records them; the next takes them again.
            try await start(on: app, documentKey: document, signingKey: signing)
            try await start(on: app, documentKey: document, signingKey: signing)

            // From another folder without AMITY_DOCUMENT_KEY: refused, and no key file made there.
            let missing = await #expect(throws: Abort.self) { try await start(on: app, documentKey: elsewhere + "document.key", signingKey: signing) }
            #expect(missing?.reason.contains("AMITY_DOCUMENT_KEY") == true, "\(missing?.reason ?? "")")
            #expect(!FileManager.default.fileExists(atPath: elsewhere + "document.key"))

            // Another key in the file: refused, for the document key and for the signing key.
            let other = elsewhere + "other.key"
            try Data((Data([UInt8].random(count: 32)).base64EncodedString() + "\n").utf8).write(to: URL(fileURLWithPath: other))
            let wrong = await #expect(throws: Abort.self) { try await start(on: app, documentKey: other, signingKey: signing) }
            #expect(wrong?.reason.contains("is not the one this database was first used with") == true, "\(wrong?.reason ?? "")")
            let wrongSigning = await #expect(throws: Abort.self) { try await start(on: app, documentKey: document, signingKey: other) }
            #expect(wrongSigning?.reason.contains("AMITY_SIGNING_KEY") == true)

            // Nothing was changed by the refusals: the instance's own files still start it.
            try await start(on: app, documentKey: document, signingKey: signing)
            let checks = try await app.db.sql.raw("SELECT purpose FROM key_checks ORDER BY purpose").all()
                .map { try $0.decode(column: "purpose", as: String.self) }
            #expect(checks == ["document key", "statement signing key"])
        }
    }

    private func start(on app: Application, documentKey: String, signingKey: String) async throws {
        try await withSecondInstance(of: app, keyFiles: (documentKey, signingKey))
    }
}
