import AmityCore
import Crypto
import Foundation
import SQLKit
import Vapor

/// Turns a document number into the HMAC a registered person is stored under: the number itself
/// is never stored or logged, and without the key file the HMACs link nobody.
struct DocumentKey: Sendable {
    /// The HMAC with the key already taken in: each number starts from a copy of it, rather than
    /// hashing the padded key twice again, which was a third of an HMAC's cost.
    private let keyed: HMAC<SHA256>

    init(bytes: Data) { keyed = HMAC<SHA256>(key: SymmetricKey(data: bytes)) }

    /// Loads the instance's key (`AMITY_DOCUMENT_KEY`), creating it on first start, once `KeyCheck`
    /// knows it for this database's.
    static func load(path: String?, on db: any SQLDatabase, now: Date, logger: Logger) async throws -> DocumentKey {
        DocumentKey(bytes: try await KeyCheck.load(path: path, purpose: "document key", variable: "AMITY_DOCUMENT_KEY", on: db, now: now, logger: logger))
    }

    /// A document number as written on the card: 4 to 32 letters and digits once spaces and
    /// hyphens are taken out, upper case. Anything else names `field`.
    static func normalized(_ text: String, field: String) throws -> String {
        // What terminals and residents send: already upper-case letters and digits, nothing to take out.
        if (4...32).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }) {
            return text
        }
        let compact = text.uppercased().filter { $0 != " " && $0 != "-" }
        guard (4...32).contains(compact.count), compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw DomainError.invalid(field, key: "error_document_number")
        }
        return compact
    }

    /// What a person registered in programme `programmeID` under `document` is stored as; a
    /// malformed number names `field`.
    func programmeKey(_ document: String, programmeID: Int, field: String) throws -> String {
        hmac(try Self.normalized(document, field: field), scope: "programme:\(programmeID)")
    }

    /// The HMAC of a normalized number, scoped to `scope` (the programme) so two programmes' keys differ.
    func hmac(_ normalized: String, scope: String) -> String {
        var message = Array(scope.utf8)
        message.append(0x1F)
        message.append(contentsOf: normalized.utf8)
        var mac = keyed
        mac.update(data: message)
        return mac.finalize().hexDigits
    }
}

extension Application {
    private struct DocumentKeyKey: StorageKey { typealias Value = DocumentKey }

    /// The key document numbers are hashed under; `prepareDatabase` loads it.
    var documentKey: DocumentKey {
        get {
            guard let key = storage[DocumentKeyKey.self] else { fatalError("prepareDatabase(_:) loads the document key first") }
            return key
        }
        set { storage[DocumentKeyKey.self] = newValue }
    }
}
