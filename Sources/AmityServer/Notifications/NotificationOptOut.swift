import Fluent
import Foundation

/// A kind of notification one person turned off (`NotificationKind`); every other kind is on.
final class NotificationOptOut: Model, @unchecked Sendable {
    static let schema = "notification_opt_outs"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "person_id") var personID: Int
    @Field(key: "kind") var kind: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(personID: Int, kind: String, createdAt: Date) {
        (self.personID, self.kind, self.createdAt) = (personID, kind, createdAt)
    }
}
