import AmityCore
import Fluent
import Foundation

/// Someone with an account: a city officer, a secretariat member, an administrator, or a reader.
final class Person: Model, @unchecked Sendable {
    static let schema = "people"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// Lower-cased; unique.
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "is_administrator") var isAdministrator: Bool
    @Field(key: "created_at") var createdAt: Date
    /// When the person showed they read mail at `email`; nil until then (no role can be asked for).
    @OptionalField(key: "email_confirmed_at") var emailConfirmedAt: Date?
    /// When the account was deleted: the row stays, without personal data, so the acts it did keep an author.
    @OptionalField(key: "deleted_at") var deletedAt: Date?
    /// The language their mail is written in (`Language`); nil: English.
    @OptionalField(key: "language") var language: String?

    init() {}
}

/// A signed-in browser; the cookie holds the token, the table only its SHA-256.
final class WebSession: Model, @unchecked Sendable {
    static let schema = "web_sessions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "person_id") var personID: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}

/// A named API token; shown once, stored only as its SHA-256.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "person_id") var personID: Int
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// The first characters of the token, so a person can tell tokens apart.
    @Field(key: "prefix") var prefix: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// The token that created this one over the API, if one did.
    @OptionalField(key: "parent_id") var parentID: Int?

    init() {}
}

/// A person's request to act for a city or a network, and the decision on it.
final class RoleRequest: Model, @unchecked Sendable {
    static let schema = "role_requests"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "person_id") var personID: Int
    /// `RoleKind`: officer or secretariat.
    @Field(key: "role") var role: String
    @OptionalField(key: "city_id") var cityID: Int?
    @OptionalField(key: "network_id") var networkID: String?
    /// For a manager: the rationing programme.
    @OptionalField(key: "programme_id") var programmeID: Int?
    @Field(key: "title") var title: String
    @Field(key: "message") var message: String
    @Field(key: "status") var status: RoleRequestStatus
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "decided_by") var decidedBy: Int?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decision_note") var decisionNote: String?
    /// Who took a verified role back, when and why (the holder themselves when they hand over).
    @OptionalField(key: "revoked_by") var revokedBy: Int?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revocation_reason") var revocationReason: String?

    init() {}
}

/// One sign-in attempt, kept to throttle guessing per account and per address.
final class SignInAttempt: Model, @unchecked Sendable {
    static let schema = "sign_in_attempts"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "email") var email: String
    @Field(key: "address") var address: String
    @Field(key: "at") var at: Date
    @Field(key: "succeeded") var succeeded: Bool

    init() {}
}
