import AmityCore
import Crypto
import Foundation
import Vapor

/// What writing a notification needs beyond the transaction: the words in every language, the
/// site's address for links, and the key that signs unsubscribe links.
struct Mailroom: Sendable {
    let catalogue: MessageCatalogue
    let site: String
    let unsubscribeKey: SymmetricKey

    /// The application's; nil before `prepareDatabase` has loaded the signing key (offline commands).
    init?(_ app: Application) {
        guard let signing = app.loadedSigningKey else { return nil }
        catalogue = app.catalogue
        site = app.amity.publicURL
        unsubscribeKey = UnsubscribeToken.key(from: signing)
    }

    /// `key` in `language`, its `{name}` placeholders filled.
    func text(_ key: String, _ language: Language, _ values: [String: String]) -> String {
        catalogue.text(key, in: language, values)
    }
}

/// A signed link that turns one kind of notification off for one person, without signing in:
/// `personID.kind.signature`. It grants nothing else, so it never expires.
enum UnsubscribeToken {
    static func key(from signing: Curve25519.Signing.PrivateKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: signing.rawRepresentation),
                               info: Data("amity unsubscribe links".utf8), outputByteCount: 32)
    }

    static func make(personID: Int, kind: NotificationKind, key: SymmetricKey) -> String {
        let subject = "\(personID).\(kind.rawValue)"
        return subject + "." + signature(subject, key: key)
    }

    /// The person and kind a token names, when its signature holds.
    static func read(_ token: String, key: SymmetricKey) -> (personID: Int, kind: NotificationKind)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let personID = Int(parts[0]), let kind = NotificationKind(rawValue: parts[1]) else { return nil }
        let expected = signature(parts[0] + "." + parts[1], key: key)
        guard Secret.hash(expected) == Secret.hash(parts[2]) else { return nil }
        return (personID, kind)
    }

    private static func signature(_ subject: String, key: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(subject.utf8), using: key)).prefix(16).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
