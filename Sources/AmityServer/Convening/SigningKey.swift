import Crypto
import Foundation
import SQLKit
import Vapor

/// The instance's Ed25519 key for statement heads: a file readable only by the server (created on
/// first start, `AMITY_SIGNING_KEY` names it), never the database, so a stolen dump cannot sign.
enum SigningKeyFile {
    /// Reads the key at `path`, creating it (mode 0600) when there is none, once `KeyCheck` knows it
    /// for this database's; no path: a key for this process alone (tests).
    static func load(path: String?, on db: any SQLDatabase, now: Date, logger: Logger) async throws -> Curve25519.Signing.PrivateKey {
        let bytes = try await KeyCheck.load(path: path, purpose: "statement signing key", variable: "AMITY_SIGNING_KEY", on: db, now: now, logger: logger)
        return try Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
    }
}

extension Application {
    private struct SigningKeyKey: StorageKey { typealias Value = Curve25519.Signing.PrivateKey }

    /// The key that signs statement heads; `prepareDatabase` loads it for the commands that serve.
    var signingKey: Curve25519.Signing.PrivateKey {
        get {
            guard let key = storage[SigningKeyKey.self] else { fatalError("prepareDatabase(_:) loads the signing key first") }
            return key
        }
        set { storage[SigningKeyKey.self] = newValue }
    }

    /// The signing key when it has been loaded, for what can do without it.
    var loadedSigningKey: Curve25519.Signing.PrivateKey? { storage[SigningKeyKey.self] }
}

/// The instance's public key, as `/api/v1/signing-key` publishes it.
struct SigningKeyDTO: Content {
    var algorithm = "Ed25519"
    /// Base64 of the 32-byte public key, as exports carry it.
    var publicKey: String
    /// The first 16 hex digits of its SHA-256, as `amity verify-statement` prints it.
    var fingerprint: String
}
