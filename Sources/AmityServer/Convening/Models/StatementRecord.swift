import AmityCore
import Fluent
import Foundation

/// A joint statement: a text that is frozen when it opens for signature. A new text is a new
/// version, with a signing of its own.
final class StatementRecord: Model, @unchecked Sendable {
    static let schema = "statements"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "title") var title: String
    @Field(key: "text") var text: String
    @Field(key: "version") var version: Int
    /// The version this one replaces.
    @OptionalField(key: "previous_id") var previousID: Int?
    /// draft, open or closed.
    @Field(key: "status") var status: StatementStatus
    @OptionalField(key: "host_city_id") var hostCityID: Int?
    @OptionalField(key: "host_network_id") var hostNetworkID: String?
    @OptionalField(key: "opens_at") var opensAt: Date?
    @OptionalField(key: "closes_at") var closesAt: Date?
    /// Set when the text freezes; every signature chains to it.
    @OptionalField(key: "text_hash") var textHash: String?
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// One entry of a statement's signature chain (a signature or a withdrawal), never changed once written.
final class SignatureEntryRecord: Model, @unchecked Sendable {
    static let schema = "signature_entries"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "statement_id") var statementID: Int
    @Field(key: "position") var position: Int
    @Field(key: "action") var action: String
    @Field(key: "city_id") var cityID: Int
    /// The city's and the signer's names as they were when signing: the chain covers them.
    @Field(key: "city_name") var cityName: String
    @Field(key: "signer_name") var signerName: String
    @Field(key: "signer_title") var signerTitle: String
    @Field(key: "person_id") var personID: Int
    /// The instant as the chain hashed it (ISO 8601).
    @Field(key: "at") var at: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}
}
