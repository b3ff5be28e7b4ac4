import Foundation

/// The rules a new password must meet, said in words a person can act on.
public enum PasswordPolicy {
    public static let minimumLength = 12
    /// bcrypt reads at most 72 bytes; a longer password would be silently cut, so it is refused.
    public static let maximumBytes = 72

    /// Throws with every rule the password breaks, under `field`.
    public static func check(_ password: String, email: String, field: String = "password") throws {
        var problems: [DomainError.FieldError] = []
        if password.count < minimumLength { problems.append(.init(field: field, key: "error_password_short", ["min": String(minimumLength)])) }
        if password.utf8.count > maximumBytes { problems.append(.init(field: field, key: "error_password_long", ["max": String(maximumBytes)])) }
        let lowered = password.lowercased()
        let local = email.lowercased().split(separator: "@").first.map(String.init) ?? ""
        if lowered == email.lowercased() || (local.count >= 4 && lowered.contains(local)) {
            problems.append(.init(field: field, key: "error_password_email"))
        }
        if Set(lowered).count < 5 || common.contains(where: lowered.contains) { problems.append(.init(field: field, key: "error_password_common")) }
        guard problems.isEmpty else { throw DomainError.invalid(problems) }
    }

    private static let common = ["password", "123456", "qwerty", "letmein", "iloveyou", "admin", "welcome", "abc123", "amity"]
}

/// An email address, trimmed and lower-cased so one person has one account.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ text: String, field: String = "email") throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !trimmed.contains(where: \.isWhitespace) else {
            throw DomainError.invalid(field, key: "error_email", ["text": text])
        }
        rawValue = trimmed
    }

    public var description: String { rawValue }
}
