import Fluent
import Foundation

/// One entry of the live feed: something published, asked, answered, posted or sent.
final class LiveEntryRecord: Model, @unchecked Sendable {
    static let schema = "live_entries"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// practice, call, question, answer, need, offer, pledge.
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    /// The page it is about, a path on this site.
    @Field(key: "link") var link: String
    @OptionalField(key: "city_id") var cityID: Int?
    /// Every topic it belongs to, each between bars: `|city:1668399|network:citynet|area:vulnerable-groups|`.
    @Field(key: "topics") var topics: String
    @Field(key: "at") var at: Date

    init() {}

    var topicList: [String] { topics.split(separator: "|").map(String.init) }
}

/// A topic a person follows: `city:ID`, `network:ID`, `area:AREA` or `country:CC`.
final class FollowRecord: Model, @unchecked Sendable {
    static let schema = "follows"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "person_id") var personID: Int
    @Field(key: "topic") var topic: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
