import Foundation

/// Where a practice stands between its city's draft and the public library.
public enum PracticeStatus: String, WireValue, Codable {
    public static let wireName = "practice status", defaultField = "status"

    case draft, submitted, published, returned, retired
}

/// What someone does to a practice.
public enum PracticeStep: String, WireValue, Codable {
    public static let wireName = "practice step", defaultField = "step"

    /// The city sends it for moderation.
    case submit
    /// A moderator puts it in the library.
    case publish
    /// A moderator sends it back, saying why.
    case `return`
    /// The city says a published practice still holds, after its valid-until date has passed.
    case confirm
    /// The city withdraws a published practice, saying why.
    case retire

    /// Whether the city takes this step (else a moderator does).
    public var byCity: Bool { self != .publish && self != .return }
    /// Whether the step must say why.
    public var needsReason: Bool { self == .return || self == .retire }
}

/// The practice workflow: draft → submitted → published or returned (→ submitted again);
/// published → retired; a published practice is confirmed when it may be outdated.
public enum PracticeWorkflow {
    public static func next(after status: PracticeStatus, _ step: PracticeStep) throws -> PracticeStatus {
        switch (status, step) {
        case (.draft, .submit), (.returned, .submit): return .submitted
        case (.submitted, .publish): return .published
        case (.submitted, .return): return .returned
        case (.published, .confirm): return .published
        case (.published, .retire): return .retired
        default:
            throw DomainError.conflict("A \(status.rawValue) practice cannot be \(step.pastTense).")
        }
    }
}

extension PracticeStep {
    var pastTense: String {
        switch self {
        case .submit: "submitted"
        case .publish: "published"
        case .return: "returned"
        case .confirm: "confirmed"
        case .retire: "retired"
        }
    }
}

/// Whether a published practice can still be trusted as it stands.
public enum PracticeFreshness: String, Codable, Sendable {
    case current
    /// Past its valid-until date and not confirmed since: readers are warned.
    case possiblyOutdated = "possibly-outdated"

    /// Confirming a practice moves its valid-until date forward, so the date alone decides.
    public static func of(validUntil: Date?, now: Date) -> PracticeFreshness {
        guard let validUntil, validUntil <= now else { return .current }
        return .possiblyOutdated
    }
}

/// Whether a translation was made by a machine or read by a person who knows both languages.
public enum TranslationOrigin: String, WireValue, Codable {
    public static let wireName = "translation origin", defaultField = "origin"

    case machine, reviewed
}

/// Whether a network's call for practices still takes submissions.
public enum CallStatus: String, WireValue, Codable {
    public static let wireName = "call status", defaultField = "status"

    case open, closed
}
