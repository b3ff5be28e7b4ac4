import AmityCore
import Foundation
import Vapor

extension Request {
    /// The body read as `T`, the one way routes read one. A JSON body (what the API takes) is decoded
    /// straight from its buffer; Vapor's content negotiation parses the `Content-Type` header with a
    /// general directive parser and compares it without regard to case through Foundation, about a
    /// twentieth of an entitlement question's CPU (Benchmarks/README.md, rationing, item 24). Any other
    /// type (a page's form) still goes through it, and so does a body without a type; an empty JSON body
    /// is refused with a sentence. A plain body of string fields skips `JSONDecoder` (`PlainJSONFields`).
    func decodeBody<T: Decodable>(_ type: T.Type) throws -> T {
        let json = Self.isJSON(headers.first(name: .contentType))
        guard let body = body.data, body.readableBytes > 0 else {
            // Vapor's answer to a missing body is a bare 422 that names nothing.
            if json { throw DomainError.invalid([.init(field: "", message: "The body is empty: send the fields as a JSON object.")]) }
            return try content.decode(T.self)
        }
        if json {
            if let plain = T.self as? any PlainJSONFields.Type, let fields = body.withUnsafeReadableBytes(PlainJSON.fields),
               let value = plain.init(fields: fields) as? T {
                return value
            }
            return try JSONDecoder.amity.decode(T.self, from: Data(body.readableBytesView))
        }
        return try content.decode(T.self)
    }

    /// Whether a `Content-Type` value is `application/json`, in any case, with or without parameters.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let given = contentType.utf8, json = "application/json".utf8
        guard given.count >= json.count else { return false }
        var index = given.startIndex
        for expected in json {
            let byte = given[index]
            guard (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == expected else { return false }
            index = given.index(after: index)
        }
        return index == given.endIndex || given[index] == UInt8(ascii: ";") || given[index] == UInt8(ascii: " ")
    }
}

extension JSONDecoder {
    /// Reads JSON bodies and what `JSONEncoder.amity` wrote: ISO 8601 dates, as Vapor's own JSON decoder.
    /// One for the process: a decoder's options are fixed once made, and making one per request costs.
    static let amity: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
