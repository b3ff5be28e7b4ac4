/// A body that is a JSON object of a few string fields, as a resident's entitlement question is.
///
/// `Request.decodeBody` reads such a body by one scan of its bytes when it is plain: an object of
/// string values that are printable ASCII without escapes, no key twice, nothing else. Any other
/// body, and one `init(fields:)` refuses, goes to `JSONDecoder`, errors included, so the two never
/// read one body differently. Foundation's decoder was the largest cost of the question's own
/// (2.8 µs of about 140; Benchmarks/README.md, rationing, item 30).
protocol PlainJSONFields: Decodable {
    /// The value from a plain body's fields, or nil to let `JSONDecoder` read the body.
    init?(fields: [String: String])
}

enum PlainJSON {
    /// The fields of `bytes` when it is a plain object as `PlainJSONFields` reads one; nil otherwise.
    static func fields(_ bytes: UnsafeRawBufferPointer) -> [String: String]? {
        var scan = Scan(bytes: bytes)
        return scan.object()
    }

    private struct Scan {
        let bytes: UnsafeRawBufferPointer
        var at = 0

        mutating func object() -> [String: String]? {
            var fields: [String: String] = [:]
            guard take(UInt8(ascii: "{")) else { return nil }
            if !take(UInt8(ascii: "}")) {
                repeat {
                    guard let key = string(), take(UInt8(ascii: ":")), let value = string(),
                          fields.updateValue(value, forKey: key) == nil else { return nil }
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            skipSpace()
            return at == bytes.count ? fields : nil
        }

        /// A string of printable ASCII without escapes, after any white space.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = at
            while at < bytes.count, bytes[at] != UInt8(ascii: "\"") {
                guard (0x20..<0x7F).contains(bytes[at]), bytes[at] != UInt8(ascii: "\\") else { return nil }
                at += 1
            }
            guard at < bytes.count else { return nil }
            defer { at += 1 }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        }

        /// Whether `byte` comes next after any white space, taking it if so.
        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        mutating func skipSpace() {
            while at < bytes.count {
                switch bytes[at] {
                case 0x20, 0x0A, 0x0D, 0x09: at += 1
                default: return
                }
            }
        }
    }
}
