import AmityCore
import Vapor

/// The body of `PUT /api/v1/cities/{id}/profile` and of the profile form.
struct CityProfileInput: Content {
    var office: String
    var contactEmail: String?
    var contactPhone: String?
    var website: String?
    var languages: [String]
}

/// A city's profile as the API shows it.
struct CityProfileDTO: Content {
    var cityId: Int
    var office: String
    var contactEmail: String?
    var contactPhone: String?
    var website: String?
    var languages: [String]
    var updatedAt: Date

    init(_ profile: CityProfile) {
        cityId = profile.id ?? 0
        office = profile.office
        contactEmail = profile.contactEmail
        contactPhone = profile.contactPhone
        website = profile.website
        languages = profile.languages.split(separator: ",").map(String.init)
        updatedAt = profile.updatedAt
    }
}

/// The body of `POST /api/v1/partnerships`.
struct RecordPartnershipInput: Content {
    var cities: [Int]
    var kind: String
    var summary: String?
    var history: [PartnershipEventInput]
}

/// One event as a client sends it.
struct PartnershipEventInput: Content {
    var kind: String
    var on: String?
    var source: String?
    var note: String?

    func event(field: String) throws -> PartnershipEvent {
        try PartnershipEvent(
            kind: PartnershipEventKind(parsing: kind, field: field + ".kind"), on: on.map { try PartialDate($0, field: field + ".on") },
            source: try source.flatMap { try WebAddress.optional($0, field: field + ".source") }, note: note)
    }
}

/// The body of `POST /api/v1/networks` and `PUT /api/v1/networks/{id}` (where `id` is ignored).
struct NetworkInput: Content {
    var id: String?
    var name: String
    var shortName: String
    var kind: String
    var founded: Int?
    var website: String?
    var secretariatCityId: Int?
    var summary: String
}

/// The body of `POST /api/v1/networks/{id}/members`.
struct MembershipInput: Content {
    var cityId: Int
    var role: String
    var since: String?
    var source: String?
}

/// An http(s) link, checked before it is stored and shown as a link.
enum WebAddress {
    static func optional(_ text: String, field: String) throws -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        guard trimmed.count <= 2_000, let url = URL(string: trimmed), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              url.host?.isEmpty == false else {
            throw DomainError.invalid(field, "'\(trimmed)' is not a web address starting with https:// or http://.")
        }
        return trimmed
    }
}
