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
        /// What is wrong and what is expected.
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// Shorthand for a single invalid field.
    public static func invalid(_ field: String, _ message: String) -> DomainError {
        .invalid([FieldError(field: field, message: message)])
    }
}
