import Fluent
import Foundation

/// A plan asked for over HTTP: queued, then running on one instance's worker (which beats a
/// heartbeat), then done with its plan or failed with a sentence saying why.
final class PlanJobRecord: Model, @unchecked Sendable {
    static let schema = "plan_jobs"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// `network` or `city`, as on the plan it makes.
    @Field(key: "scope") var scope: String
    @Field(key: "scope_id") var scopeID: String
    @Field(key: "mode") var mode: String
    @Field(key: "requested_by") var requestedBy: Int
    /// `queued`, `running`, `done` or `failed`.
    @Field(key: "status") var status: String
    /// Within `running`: `reading`, `solving` or `saving`.
    @Field(key: "stage") var stage: String
    /// How large the plan was when asked for (offers and needs in scope).
    @Field(key: "offers") var offers: Int
    @Field(key: "needs") var needs: Int
    @Field(key: "items_done") var itemsDone: Int
    @Field(key: "items_total") var itemsTotal: Int
    /// How many times a worker took it; a job that stopped its workers three times fails.
    @Field(key: "attempts") var attempts: Int
    /// The instance working on it, and when that instance last said it still was.
    @OptionalField(key: "worker") var worker: String?
    @OptionalField(key: "heartbeat_at") var heartbeatAt: Date?
    @OptionalField(key: "plan_id") var planID: Int?
    @OptionalField(key: "failure") var failure: String?
    @Field(key: "requested_at") var requestedAt: Date
    /// The past date to plan as of; nil for now.
    @OptionalField(key: "as_of") var asOf: Date?
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}
}

/// Where a plan job is.
enum PlanJobStatus: String, Codable, CaseIterable, Sendable {
    case queued, running, done, failed

    var isFinished: Bool { self == .done || self == .failed }
}
