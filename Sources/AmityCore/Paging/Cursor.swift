import Foundation

/// An opaque position in a keyset-ordered list: the sort key of the last item a page showed.
///
/// On the wire it is base64url of a small JSON array, so clients treat it as a token and the
/// server can check it strictly: a cursor that does not decode is refused, never guessed at.
public struct Cursor: Equatable, Sendable {
    /// The sort key's values, in order: a list sorted by (population, id) stores both.
    public var key: [Value]

    /// One component of a sort key.
    public enum Value: Equatable, Sendable, Codable {
        case int(Int)
        case text(String)

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let int = try? container.decode(Int.self) { self = .int(int) } else { self = .text(try container.decode(String.self)) }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let int): try container.encode(int)
            case .text(let text): try container.encode(text)
            }
        }
    }

    public init(key: [Value]) { self.key = key }

    /// The token a client sends back.
    public var token: String {
        let json = (try? JSONEncoder().encode(key)) ?? Data("[]".utf8)
        return json.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token; refuses anything that is not one this server made with the given shape.
    public init(token: String, shape: [Kind], field: String = "cursor") throws {
        let invalid = DomainError.invalid(field, "The cursor is not one this list gave out; start again without it.")
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard token.count <= 1024, let data = Data(base64Encoded: base64),
              let key = try? JSONDecoder().decode([Value].self, from: data), key.count == shape.count,
              zip(key, shape).allSatisfy({ $0.kind == $1 }) else { throw invalid }
        self.key = key
    }

    /// The kind of a sort key component, to check a token's shape.
    public enum Kind: Sendable { case int, text }
}

extension Cursor.Value {
    var kind: Cursor.Kind {
        switch self {
        case .int: .int
        case .text: .text
        }
    }

    /// The integer, or nil for text.
    public var int: Int? { if case .int(let value) = self { value } else { nil } }
    /// The text, or nil for an integer.
    public var text: String? { if case .text(let value) = self { value } else { nil } }
}

/// How many items a page holds and where it starts, as the client asked for them.
public struct Paging: Equatable, Sendable {
    public static let defaultLimit = 20
    public static let maximumLimit = 100

    public var limit: Int
    public var cursor: Cursor?

    /// Checks `limit` (1 to 100, 20 when absent) and decodes `cursor` against the list's key shape.
    /// `field` names the parameter the cursor came in, for the error when it is not one of ours.
    public init(limit: Int?, cursor: String?, shape: [Cursor.Kind], field: String = "cursor") throws {
        if let limit, !(1...Paging.maximumLimit).contains(limit) {
            throw DomainError.invalid("limit", "limit must be between 1 and \(Paging.maximumLimit).")
        }
        self.limit = limit ?? Paging.defaultLimit
        self.cursor = try cursor.map { try Cursor(token: $0, shape: shape, field: field) }
    }
}
