import AmityCore
import Fluent
import Foundation

/// A network's call for practices: member cities submit, the secretariat curates and closes it.
final class CallRecord: Model, @unchecked Sendable {
    static let schema = "calls"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "network_id") var networkID: String
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    /// Policy areas it asks about, one per line.
    @Field(key: "areas") var areas: String
    @Field(key: "deadline") var deadline: Date
    /// open or closed.
    @Field(key: "status") var status: CallStatus
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?

    init() {}

    var areaList: [String] { areas.split(separator: "\n").map(String.init) }
}
