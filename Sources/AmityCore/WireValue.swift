/// A closed set of values that travel as strings: read strictly, with an error that lists the choices.
public protocol WireValue: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    /// What one value is called in an error message ("partnership kind").
    static var wireName: String { get }
    /// The field such a value usually arrives in.
    static var defaultField: String { get }
}

extension WireValue {
    /// Reads the wire form, naming the accepted values when it does not match.
    public init(parsing text: String, field: String? = nil) throws {
        guard let value = Self(rawValue: text) else {
            let choices = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw DomainError.invalid(field ?? Self.defaultField, key: "error_choice", ["text": text, "choices": choices])
        }
        self = value
    }
}
