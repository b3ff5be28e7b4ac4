import Foundation

/// The one vocabulary of failures that domain code speaks; the server maps it to HTTP.
public enum DomainError: Error, Equatable, Sendable {
    /// A record that does not exist (or that the caller may not know exists).
    case notFound(entity: String, id: String)
    /// Input that breaks a rule; one entry per offending field.
    case invalid([FieldError])
    /// A request that is well-formed but clashes with the current state.
    case conflict(String)

    /// One field that broke a rule, with a sentence a person can act on.
    public struct FieldError: Equatable, Sendable, Codable {
        /// Where the problem is: a query parameter, a JSON pointer or a line number.
        public var field: String
        /// What is wrong and what is expected (in English, or the key until the server words it).
        public var message: String
        /// The message's catalogue key, so each reader gets it in their language; nil for a
        /// message that exists only in English (a file's line, a command's argument).
        public var key: String?
        /// The values the message's `{name}` placeholders take.
        public var values: [String: String]?

        public init(field: String, message: String) {
            (self.field, self.message, self.key, self.values) = (field, message, nil, nil)
        }

        /// A message the catalogue words (`key` under `error_` keys), with its values; `message`
        /// holds its English for logs, the command line and tests.
        public init(field: String, key: String, _ values: [String: String] = [:]) {
            let english = MessageCatalogue.fill(Self.english[key] ?? key, values)
            (self.field, self.message, self.key, self.values) = (field, english, key, values.isEmpty ? nil : values)
        }

        /// The English of every keyed field message, as `en.json` has it (a test keeps the two equal).
        public static let english: [String: String] = [
            "error_required": "Fill this in.",
            "error_too_long": "Keep it to {max} characters or fewer.",
            "error_whole_number": "Give a whole number.",
            "error_at_least_one": "Give a whole number of at least 1.",
            "error_no_city": "There is no city {id}.",
            "error_future": "Choose a time still to come.",
            "error_wrong_password": "The current password is wrong.",
            "error_sign_in": "The email address or the password is wrong.",
            "error_password_short": "Choose a password of at least {min} characters.",
            "error_password_long": "Choose a password of at most {max} bytes.",
            "error_password_email": "Choose a password unlike your email address.",
            "error_password_common": "Choose a password that is not common or repetitive.",
            "error_email": "'{text}' is not an email address.",
            "error_day": "Give a day as YYYY-MM-DD, such as 2020-04-01.",
            "error_choice": "'{text}' is not one of the choices: {choices}.",
            "error_city_ids": "List member cities by id, separated by commas.",
            "error_city_id": "Give the city's id (the number in its page's address).",
            "error_role_target": "Ask for a role from the page of the city or network you work for.",
            "error_https": "Give a web address starting with https://.",
            "error_ends_before_start": "It must end after it starts.",
            "error_urgency": "Urgency runs from 1 (can wait) to 5 (lives depend on it).",
        ]

        /// "Fill this in" or "at most `max` characters": the check most text fields make.
        public static func length(_ field: String, _ text: String, max: Int, required: Bool = true) -> FieldError? {
            if required && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return FieldError(field: field, key: "error_required") }
            guard text.count > max else { return nil }
            return FieldError(field: field, key: "error_too_long", ["max": max.formatted(.number.grouping(.automatic))])
        }
    }

    /// Shorthand for a single invalid field.
    public static func invalid(_ field: String, _ message: String) -> DomainError {
        .invalid([FieldError(field: field, message: message)])
    }

    /// Shorthand for a single invalid field whose message the catalogue words.
    public static func invalid(_ field: String, key: String, _ values: [String: String] = [:]) -> DomainError {
        .invalid([FieldError(field: field, key: key, values)])
    }
}
