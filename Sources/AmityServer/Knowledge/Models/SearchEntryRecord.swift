import Fluent
import Foundation

/// One searchable thing (a published practice, a question with its answers) with the columns
/// search filters and counts by. Its terms live beside it: an FTS5 table on SQLite, a tsvector
/// column on PostgreSQL (see `SearchIndex`), read into memory for searching (`LibraryCache`).
final class SearchEntryRecord: Model, @unchecked Sendable {
    static let schema = "search_entries"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// practice or question.
    @Field(key: "kind") var kind: String
    @Field(key: "ref_id") var refID: Int
    @Field(key: "city_id") var cityID: Int
    @Field(key: "country_code") var countryCode: String
    /// A `CitySize`, so filters need no join to the gazetteer.
    @Field(key: "city_size") var citySize: String
    /// A `PolicyArea`; empty for questions.
    @Field(key: "area") var area: String
    @Field(key: "language") var language: String
    @Field(key: "published_at") var publishedAt: Date
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    /// kind|area|language|country|size in one column, so counting matches per filter value is one
    /// grouping of one column.
    @Field(key: "facet") var facet: String

    init() {}
}
