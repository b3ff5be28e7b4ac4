import Fluent
import Foundation

/// A resolution a city's council adopted with a reach beyond the city.
final class ResolutionRecord: Model, @unchecked Sendable {
    static let schema = "resolutions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "city_id") var cityID: Int
    /// The body that adopted it ("City Council").
    @Field(key: "body") var body: String
    @Field(key: "title") var title: String
    @Field(key: "adopted_on") var adoptedOn: Date
    @Field(key: "summary") var summary: String
    @OptionalField(key: "link") var link: String?
    /// Tags, one per line.
    @Field(key: "tags") var tags: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// Another city's endorsement of a resolution, by its verified officer.
final class EndorsementRecord: Model, @unchecked Sendable {
    static let schema = "endorsements"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "resolution_id") var resolutionID: Int
    @Field(key: "city_id") var cityID: Int
    @Field(key: "person_id") var personID: Int
    @Field(key: "at") var at: Date

    init() {}
}
