import Fluent
import Foundation

/// What a city says about its own international work; written by its officers.
final class CityProfile: Model, @unchecked Sendable {
    static let schema = "city_profiles"

    /// The city's id.
    @ID(custom: "city_id", generatedBy: .user) var id: Int?
    /// The international-affairs office, or the person who does it part time.
    @Field(key: "office") var office: String
    @OptionalField(key: "contact_email") var contactEmail: String?
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @OptionalField(key: "website") var website: String?
    /// ISO 639-1 codes, comma-separated, of the languages the office works in.
    @Field(key: "languages") var languages: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
