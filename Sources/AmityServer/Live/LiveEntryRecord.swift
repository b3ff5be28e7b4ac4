import AmityCore
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
    /// The title and summary as facts (JSON of `Fact`), worded for each reader; nil for someone's own words.
    @OptionalField(key: "title_fact") var titleFact: String?
    @OptionalField(key: "summary_fact") var summaryFact: String?

    init() {}

    var topicList: [String] { topics.split(separator: "|").map(String.init) }

    /// The title as a fact, when Amity words it (read from JSON on each call: keep what it gives).
    var titleAsFact: Fact? { titleFact.flatMap(Self.fact) }

    /// The summary as a fact, when Amity words it.
    var summaryAsFact: Fact? { summaryFact.flatMap(Self.fact) }

    static func json(_ fact: Fact) throws -> String { String(decoding: try JSONEncoder().encode(fact), as: UTF8.self) }

    private static func fact(_ json: String) -> Fact? { try? JSONDecoder().decode(Fact.self, from: Data(json.utf8)) }
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
