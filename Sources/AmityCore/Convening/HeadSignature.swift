import Crypto
import Foundation

/// The instance's Ed25519 signature over a statement's chain head. The hash chain shows that an
/// export is consistent; the signature shows that this instance published that head. A stolen
/// database dump lets anyone rebuild a consistent chain, but not sign its head without the key,
/// which lives in a file outside the database.
public enum HeadSignature {
    /// What is signed: the statement, its version and its head, on separate lines.
    static func message(statementId: Int, version: Int, head: String) -> Data {
        Data("amity-statement-head\n\(statementId)\n\(version)\n\(head)".utf8)
    }

    /// Signs an export's head with `key`, filling its signature and public key.
    public static func sign(_ export: inout StatementExport, with key: Curve25519.Signing.PrivateKey) throws {
        let signature = try key.signature(for: message(statementId: export.statementId, version: export.version, head: export.head))
        export.signature = signature.base64EncodedString()
        export.publicKey = key.publicKey.rawRepresentation.base64EncodedString()
    }

    /// What the signature of an export says.
    public enum Verdict: Equatable, Sendable {
        /// Signed by the key given in the export (compare it with the instance's published key).
        case signed(publicKey: String)
        /// No signature: an export made before instances signed their heads, or stripped of it.
        case unsigned
        /// A signature that does not verify: the head, the statement or the key was changed.
        case invalid
    }

    /// Checks the export's signature against its own public key, or against `trusted` when given.
    public static func verify(_ export: StatementExport, trusted: String? = nil) -> Verdict {
        guard let signature = export.signature.flatMap({ Data(base64Encoded: $0) }) else { return .unsigned }
        guard let keyText = trusted ?? export.publicKey, let keyData = Data(base64Encoded: keyText),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData) else { return .invalid }
        let valid = key.isValidSignature(signature, for: message(statementId: export.statementId, version: export.version, head: export.head))
        return valid ? .signed(publicKey: keyText) : .invalid
    }

    /// A short, readable fingerprint of a public key: the first 16 hex digits of its SHA-256.
    public static func fingerprint(_ publicKey: String) -> String {
        SHA256.hash(data: Data(base64Encoded: publicKey) ?? Data()).prefix(8).hexDigits
    }
}
