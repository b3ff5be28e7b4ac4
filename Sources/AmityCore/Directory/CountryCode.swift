/// An ISO 3166-1 alpha-2 country code, always upper case.
public struct CountryCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The two upper-case letters.
    public let rawValue: String

    /// Accepts two ASCII letters in either case; anything else is refused.
    public init(_ text: String, field: String = "country") throws {
        let upper = text.uppercased()
        guard upper.count == 2, upper.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw DomainError.invalid(field, "'\(text)' is not an ISO 3166-1 alpha-2 code such as TW or US.")
        }
        rawValue = upper
    }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
