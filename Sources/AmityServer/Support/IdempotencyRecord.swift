import Fluent
import Foundation

/// The stored answer to a POST made with an `Idempotency-Key`, replayed when the same key comes again.
final class IdempotencyRecord: Model, @unchecked Sendable {
    static let schema = "idempotency_records"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// Whose key it is: a person, or an anonymous client's address; keys of different callers never meet.
    @Field(key: "scope") var scope: String
    @Field(key: "key") var key: String
    /// SHA-256 of method, path and body: the same key with another request is refused.
    @Field(key: "fingerprint") var fingerprint: String
    /// 0 while the first request is still being answered.
    @Field(key: "status") var status: Int
    @OptionalField(key: "content_type") var contentType: String?
    @OptionalField(key: "location") var location: String?
    @OptionalField(key: "body") var body: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
