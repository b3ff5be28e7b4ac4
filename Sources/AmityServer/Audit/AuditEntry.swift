import Fluent
import Foundation

/// One write: who, what, the record before and after (JSON), when, and the request it came from.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "at") var at: Date
    @OptionalField(key: "person_id") var personID: Int?
    /// `create`, `update`, `delete`, or a verb of the domain (`confirm`, `verify`, `refuse`).
    @Field(key: "action") var action: String
    @Field(key: "entity") var entity: String
    @Field(key: "entity_id") var entityID: String
    /// A city the record belongs to, so that city's page can show its history.
    @OptionalField(key: "city_id") var cityID: Int?
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?
    @OptionalField(key: "request_id") var requestID: String?

    init() {}
}
