import AmityCore
import Vapor

/// A practice as the API shows it; `bodyHtml` is the Markdown body rendered and sanitised.
struct PracticeDTO: Content {
    var id: Int
    var city: CityRefDTO
    var title: String
    var summary: String
    var body: String
    var bodyHtml: String
    var area: String
    var tags: [String]
    var sdgTargets: [String]
    var language: String
    var contact: ContactDTO?
    var sourceUrl: String?
    var startedOn: Date?
    var publishedAt: Date?
    var validUntil: Date?
    var confirmedAt: Date?
    var status: PracticeStatus
    /// Why it was returned or retired.
    var reason: String?
    /// current, or possibly-outdated once past its valid-until date until its city confirms it.
    var freshness: String
    var callId: Int?
    var callSelected: Bool
    var translations: [TranslationDTO]
    var createdAt: Date
    var updatedAt: Date

    struct ContactDTO: Content { var id: Int; var name: String }
}

struct TranslationDTO: Content {
    var language: String
    var title: String
    var summary: String
    var body: String
    var bodyHtml: String
    /// machine or reviewed.
    var origin: String
    /// Who made or reviewed it.
    var by: String?
    var updatedAt: Date
}

/// A new practice, or a draft's new text.
struct PracticeInput: Content {
    var cityId: Int
    var title: String
    var summary: String
    var body: String
    var area: String
    var tags: [String]?
    var sdgTargets: [String]?
    var language: String
    var contactPersonId: Int?
    var sourceUrl: String?
    var startedOn: Date?
    var validUntil: Date?
    var callId: Int?
    /// Send it for moderation at once instead of keeping a draft.
    var submit: Bool?
}

struct PracticeStepInput: Content {
    /// Why it is returned or retired.
    var reason: String?
    /// On confirm: until when it holds (default 180 days on).
    var validUntil: Date?
}

struct TranslationInput: Content {
    var language: String
    var title: String
    var summary: String
    var body: String
    var origin: String
}

struct CallDTO: Content {
    var id: Int
    var network: NetworkRefDTO
    var title: String
    var description: String
    var areas: [String]
    var deadline: Date
    var status: CallStatus
    var createdAt: Date
    var closedAt: Date?
    var submissions: [CallSubmissionDTO]
}

/// What came in to a call: published practices for everyone, the rest for the secretariat and their city.
struct CallSubmissionDTO: Content {
    var practiceId: Int
    var title: String
    var city: CityRefDTO
    var status: PracticeStatus
    var selected: Bool
}

struct CallInput: Content {
    var networkId: String
    var title: String
    var description: String
    var areas: [String]
    var deadline: Date
}

struct QuestionDTO: Content {
    var id: Int
    var city: CityRefDTO
    var askedBy: String
    var network: NetworkRefDTO?
    var title: String
    var body: String
    var language: String
    var helpfulAnswerId: Int?
    var answers: [AnswerDTO]
    var createdAt: Date
}

struct AnswerDTO: Content {
    var id: Int
    var city: CityRefDTO
    var by: String
    var body: String
    var bodyHtml: String
    var helpful: Bool
    var createdAt: Date
}

struct QuestionInput: Content {
    var cityId: Int
    var networkId: String?
    var title: String
    var body: String
    var language: String
}

struct AnswerInput: Content {
    var cityId: Int
    var body: String
}

/// A page of search results, with how many match in all and per filter value.
struct SearchResultsDTO: Content {
    var total: Int
    var items: [SearchHitDTO]
    var facets: FacetsDTO
    var nextCursor: String?
}

struct SearchHitDTO: Content {
    var kind: String
    var id: Int
    var title: String
    var summary: String
    var city: CityRefDTO?
    var area: String?
    var language: String
    var publishedAt: Date
    var score: Double
}

struct FacetsDTO: Content {
    var kind: [FacetCount]
    var area: [FacetCount]
    var language: [FacetCount]
    var country: [FacetCount]
    var size: [FacetCount]
}

struct FacetCount: Content { var value: String; var count: Int }
