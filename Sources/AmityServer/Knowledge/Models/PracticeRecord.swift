import AmityCore
import Fluent
import Foundation

/// What a city did that others may learn from, from its draft to the public library.
final class PracticeRecord: Model, @unchecked Sendable {
    static let schema = "practices"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    /// Markdown, rendered and sanitised on the way out.
    @Field(key: "body") var body: String
    @Field(key: "area") var area: String
    /// Free tags, one per line.
    @Field(key: "tags") var tags: String
    /// SDG targets ("3.d", "11.b"), one per line.
    @Field(key: "sdg_targets") var sdgTargets: String
    /// ISO 639-1 code of the language it is written in.
    @Field(key: "language") var language: String
    @OptionalField(key: "contact_person_id") var contactPersonID: Int?
    @OptionalField(key: "source_url") var sourceURL: String?
    @OptionalField(key: "started_on") var startedOn: Date?
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "valid_until") var validUntil: Date?
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    /// draft, submitted, published, returned, retired.
    @Field(key: "status") var status: PracticeStatus
    /// Why it was returned or retired.
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "call_id") var callID: Int?
    /// Chosen by the call's secretariat for its shortlist.
    @Field(key: "call_selected") var callSelected: Bool
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var tagList: [String] { tags.split(separator: "\n").map(String.init) }
    var sdgList: [String] { sdgTargets.split(separator: "\n").map(String.init) }
}

/// A practice in another language, made by a machine or reviewed by a person.
final class TranslationRecord: Model, @unchecked Sendable {
    static let schema = "practice_translations"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "practice_id") var practiceID: Int
    @Field(key: "language") var language: String
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @Field(key: "body") var body: String
    /// machine or reviewed.
    @Field(key: "origin") var origin: String
    /// Who made or reviewed it (nobody for an imported machine translation).
    @OptionalField(key: "person_id") var personID: Int?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
