import Fluent
import Foundation

/// A link mailed to a person: to confirm an address (theirs, or the one they are changing to)
/// or to reset their password. The mail holds the token; the table only its SHA-256.
final class AccountLink: Model, @unchecked Sendable {
    static let schema = "account_links"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "person_id") var personID: Int
    /// `AccountLink.Purpose`.
    @Field(key: "purpose") var purpose: String
    @Field(key: "token_hash") var tokenHash: String
    /// The address the link was sent to (for a confirmation, the one it confirms).
    @Field(key: "email") var email: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    enum Purpose: String, Sendable {
        case confirmAddress = "confirm-address"
        case resetPassword = "reset-password"

        /// How long a link stays good: two days to confirm, an hour to reset.
        var lifetime: TimeInterval { self == .confirmAddress ? 48 * 3600 : 3600 }
    }
}
