import AmityCore
import Crypto
import Foundation
import SQLKit
import Vapor

/// Turns a document number into the HMAC a registered person is stored under: the number itself
/// is never stored or logged, and without the key file the HMACs link nobody.
struct DocumentKey: Sendable {
    private let key: SymmetricKey

    init(bytes: Data) { key = SymmetricKey(data: bytes) }

    /// Loads the instance's key (`AMITY_DOCUMENT_KEY`), creating it on first start, once `KeyCheck`
    /// knows it for this database's.
    static func load(path: String?, on db: any SQLDatabase, now: Date, logger: Logger) async throws -> DocumentKey {
        DocumentKey(bytes: try await KeyCheck.load(path: path, purpose: "document key", variable: "AMITY_DOCUMENT_KEY", on: db, now: now, logger: logger))
    }

    /// A document number as written on the card: 4 to 32 letters and digits once spaces and
    /// hyphens are taken out, upper case. Anything else names `field`.
    static func normalized(_ text: String, field: String) throws -> String {
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
        HMAC<SHA256>.authenticationCode(for: Data("\(scope)\u{1F}\(normalized)".utf8), using: key).hexDigits
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
