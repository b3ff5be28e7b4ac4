import Crypto
import Foundation

/// What happened to a statement's list of signatories: a city signed, or took its signature back.
public enum SignatureAction: String, WireValue, Codable {
    public static let wireName = "signature action", defaultField = "action"

    case sign, withdraw
}

/// One entry of a statement's signature chain, as exported: anyone holding the export can
/// recompute every hash.
public struct ChainEntry: Codable, Equatable, Sendable {
    /// 1, 2, 3, … in the order the entries were made.
    public var position: Int
    public var action: SignatureAction
    public var cityId: Int
    public var city: String
    /// The officer who signed or withdrew, and their title.
    public var signer: String
    public var title: String
    /// When, as an ISO 8601 instant (UTC, whole seconds).
    public var at: String
    /// The hash of the entry before, or the text's hash for the first.
    public var previousHash: String
    public var hash: String

    public init(position: Int, action: SignatureAction, cityId: Int, city: String, signer: String, title: String, at: String,
                previousHash: String, hash: String) {
        (self.position, self.action, self.cityId, self.city, self.signer, self.title, self.at) = (position, action, cityId, city, signer, title, at)
        (self.previousHash, self.hash) = (previousHash, hash)
    }
}

/// A statement's text and its chain, as `GET /api/v1/statements/{id}/signatures.json` exports them.
public struct StatementExport: Codable, Equatable, Sendable {
    public var statementId: Int
    public var version: Int
    public var title: String
    public var text: String
    public var textHash: String
    public var entries: [ChainEntry]
    /// The last entry's hash (the text's when nobody has signed): the value Amity publishes.
    public var head: String
    /// The instance's Ed25519 signature over the head (base64), see `HeadSignature`.
    public var signature: String?
    /// The instance's Ed25519 public key (base64 of its 32 bytes), also at `/api/v1/signing-key`.
    public var publicKey: String?

    public init(statementId: Int, version: Int, title: String, text: String, textHash: String, entries: [ChainEntry], head: String,
                signature: String? = nil, publicKey: String? = nil) {
        (self.statementId, self.version, self.title, self.text, self.textHash, self.entries, self.head) = (statementId, version, title, text, textHash, entries, head)
        (self.signature, self.publicKey) = (signature, publicKey)
    }
}

/// SHA-256 chaining of signatures to a frozen text: each entry's hash covers the entry and the hash
/// before it, so adding, removing, reordering or changing any entry, or the text, breaks the
/// chain at that point.
public enum SignatureChain {
    /// The hash of a version of a statement's text.
    public static func textHash(version: Int, title: String, text: String) -> String {
        digest(["amity-statement-v1", String(version), title, text])
    }

    /// The hash of an entry whose other fields are set, chained to `previousHash`.
    public static func hash(of entry: ChainEntry) -> String {
        digest(["amity-signature-v1", String(entry.position), entry.action.rawValue, String(entry.cityId), entry.city, entry.signer,
                entry.title, entry.at, entry.previousHash])
    }

    /// The next entry after `previous` (or after the text).
    public static func append(action: SignatureAction, cityId: Int, city: String, signer: String, title: String, at: Date,
                              after previous: ChainEntry?, textHash: String) -> ChainEntry {
        var entry = ChainEntry(position: (previous?.position ?? 0) + 1, action: action, cityId: cityId, city: city, signer: signer, title: title,
                               at: timestamp(at), previousHash: previous?.hash ?? textHash, hash: "")
        entry.hash = hash(of: entry)
        return entry
    }

    /// What a check of an export found.
    public enum Verdict: Equatable, Sendable {
        /// Every hash holds; `signatories` is how many cities stand signed at the end.
        case intact(signatories: Int, head: String)
        /// The first place the chain breaks, and how.
        case broken(position: Int, reason: String)
    }

    /// Checks an export on its own terms: the text against its hash, every entry against its own
    /// hash and the one before, positions in sequence, no city signed twice, no withdrawal without
    /// a signature, and the head. Position 0 is the text.
    public static func verify(_ export: StatementExport) -> Verdict {
        let expectedText = textHash(version: export.version, title: export.title, text: export.text)
        guard expectedText == export.textHash else {
            return .broken(position: 0, reason: "The text does not match its hash: the text or its title was changed after it was frozen.")
        }
        var previous = export.textHash
        var signed = Set<Int>()
        for (index, entry) in export.entries.enumerated() {
            guard entry.position == index + 1 else {
                return .broken(position: index + 1, reason: "Entry \(index + 1) carries position \(entry.position): an entry was removed, added or moved here.")
            }
            guard entry.previousHash == previous else {
                return .broken(position: entry.position, reason: "Entry \(entry.position) does not follow the entry before it: an entry before it was removed, added or changed.")
            }
            guard hash(of: entry) == entry.hash else {
                return .broken(position: entry.position, reason: "Entry \(entry.position) (\(entry.city)) was changed after it was made: its hash no longer matches.")
            }
            switch entry.action {
            case .sign:
                guard signed.insert(entry.cityId).inserted else {
                    return .broken(position: entry.position, reason: "\(entry.city) signs a second time at entry \(entry.position).")
                }
            case .withdraw:
                guard signed.remove(entry.cityId) != nil else {
                    return .broken(position: entry.position, reason: "\(entry.city) withdraws at entry \(entry.position) without a signature to withdraw.")
                }
            }
            previous = entry.hash
        }
        guard previous == export.head else {
            return .broken(position: export.entries.count + 1, reason: "The chain ends at \(previous), not at the head the export names: entries after the last one were removed.")
        }
        return .intact(signatories: signed.count, head: previous)
    }

    /// An instant as the chain writes it: ISO 8601, UTC, whole seconds.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }

    /// SHA-256 of the fields, each prefixed by its length in bytes so no two lists hash alike.
    static func digest(_ fields: [String]) -> String {
        var data = Data()
        for field in fields {
            data.append(contentsOf: Array("\(field.utf8.count):".utf8))
            data.append(contentsOf: Array(field.utf8))
        }
        return SHA256.hash(data: data).hexDigits
    }
}
