import Fluent
import Foundation

/// Where a fact comes from: an article, an official page, a slide deck, a video, an interview
/// (anonymised, so cited without an address) or the paper itself, with when it was published
/// and when it was read.
final class SourceRecord: Model, @unchecked Sendable {
    static let schema = "sources"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// A stable name for the source, as the demo data and exports refer to it.
    @Field(key: "key") var key: String
    /// news, official, slides, video, interview, paper or dataset.
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @OptionalField(key: "publisher") var publisher: String?
    @OptionalField(key: "url") var url: String?
    /// A `PartialDate`, as the source dates itself.
    @OptionalField(key: "published_on") var publishedOn: String?
    /// The day the source was read (YYYY-MM-DD); nil where nobody recorded it.
    @OptionalField(key: "accessed_on") var accessedOn: String?
    @OptionalField(key: "note") var note: String?

    init() {}
}

/// One record's claim to a source: which record, what the source supports, and whether the fact
/// as recorded is inferred (the source does not say it in so many words) or illustrative.
final class RecordSourceRecord: Model, @unchecked Sendable {
    static let schema = "record_sources"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// The record's collection in the API: partnerships, memberships, pledges, events, statements, …
    @Field(key: "entity") var entity: String
    @Field(key: "entity_id") var entityID: String
    @Field(key: "source_id") var sourceID: Int
    /// What the source says that the record rests on.
    @OptionalField(key: "supports") var supports: String?
    /// stated (the source says it), inferred (read from it) or illustrative (made up for the demo).
    @Field(key: "standing") var standing: String
    @OptionalField(key: "note") var note: String?

    init() {}
}

/// A fact the record holds only as a sourced statement, where the source gives no pairs of
/// cities to record: a count (148 sister-city pairs between US and Taiwanese cities), or help
/// whose givers or receivers it does not name.
final class SourcedFactRecord: Model, @unchecked Sendable {
    static let schema = "sourced_facts"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "key") var key: String
    @Field(key: "text") var text: String
    /// The figure, when the fact is a count or a quantity.
    @OptionalField(key: "value") var value: Int64?
    @OptionalField(key: "unit") var unit: String?
    /// ISO 3166-1 alpha-2 codes of the countries it concerns, comma-separated.
    @Field(key: "countries") var countries: String
    /// A city it concerns, when one is named.
    @OptionalField(key: "city_id") var cityID: Int?
    @OptionalField(key: "on") var on: String?
    @Field(key: "source_id") var sourceID: Int

    init() {}
}
