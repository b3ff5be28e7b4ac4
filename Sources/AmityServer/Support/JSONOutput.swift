import AmityCore
import NIOCore
import Vapor

/// JSON written straight into a response's buffer, for the answers asked most often. Foundation's
/// encoder first builds a tree of boxed values through generic containers, and that was a tenth of
/// an entitlement question's CPU (Benchmarks/README.md, rationing, item 24). A type that writes
/// itself still encodes through `Codable` everywhere else; a test holds the two to the same JSON.
protocol JSONWritable: Encodable {
    /// Writes this value as one JSON value.
    func write(to json: inout JSONOutput)
}

/// `Content-Type: application/json; charset=utf-8`, spelled once: `HTTPHeaders.contentType`'s
/// setter spells the media type again in every response.
private let jsonHeaders = HTTPHeaders([("Content-Type", HTTPMediaType.json.serialize())])

extension JSONWritable {
    /// A response carrying this value as `application/json`, as Vapor's own encoding labels it.
    func jsonResponse(for request: Request, status: HTTPResponseStatus = .ok) -> Response {
        var json = JSONOutput(request.byteBufferAllocator.buffer(capacity: 512))
        write(to: &json)
        return Response(status: status, headers: jsonHeaders, body: .init(buffer: json.bytes))
    }

    /// This value's JSON, on its own (tests, and anything kept).
    var json: ByteBuffer {
        var json = JSONOutput(ByteBuffer())
        write(to: &json)
        return json.bytes
    }
}

/// A JSON text being written: values, objects and arrays, each placed after a comma when one is due.
/// Keys are static (a type's own field names); strings are escaped as RFC 8259 requires. Written
/// into an array of bytes and copied into the buffer once: each write straight into a `ByteBuffer`
/// checks its uniqueness and capacity again.
struct JSONOutput {
    private var text: [UInt8] = []
    /// Whether the next value opens its object or array, or follows a key, and so takes no comma.
    private var first = true
    private var buffer: ByteBuffer

    init(_ buffer: ByteBuffer) {
        self.buffer = buffer
        text.reserveCapacity(Swift.max(buffer.writableBytes, 256))
    }

    /// What has been written, after what the buffer held.
    var bytes: ByteBuffer {
        var all = buffer
        all.writeBytes(text)
        return all
    }

    /// Writes `{`, what `body` writes, and `}`.
    mutating func object(_ body: (inout JSONOutput) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// Writes `[`, a value for each element as `value` writes it, and `]`.
    mutating func array<Elements: Sequence>(_ elements: Elements, _ value: (inout JSONOutput, Elements.Element) -> Void) {
        open(UInt8(ascii: "["))
        for element in elements { value(&self, element) }
        close(UInt8(ascii: "]"))
    }

    /// Writes `"name":`; the value that follows takes no comma.
    mutating func key(_ name: StaticString) {
        separate()
        text.append(UInt8(ascii: "\""))
        text.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        text.append(UInt8(ascii: "\""))
        text.append(UInt8(ascii: ":"))
        first = true
    }

    /// Writes a string, escaped.
    mutating func value(_ string: String) {
        separate()
        text.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") { text.append(byte) } else { escape(byte) }
        }
        text.append(UInt8(ascii: "\""))
        first = false
    }

    /// Writes an integer.
    mutating func value(_ number: Int) {
        separate()
        if number < 0 { text.append(UInt8(ascii: "-")) }
        digits(number.magnitude, atLeast: 1)
        first = false
    }

    /// Writes a finite number as Swift spells it shortest (`121.5637`), as `JSONEncoder` does.
    mutating func value(_ number: Double) {
        separate()
        text.append(contentsOf: (number.isFinite ? number : 0).description.utf8)
        first = false
    }

    /// Writes one value written before (by another `JSONOutput`): the feeds keep each outlet's
    /// object written once per snapshot and answer questions by copying them.
    mutating func written(_ value: [UInt8]) {
        separate()
        text.append(contentsOf: value)
        first = false
    }

    /// What has been written, without the buffer's bytes: a value to keep for `written(_:)`.
    var writtenBytes: [UInt8] { text }

    /// Writes a day as `YYYY-MM-DD`, as `CivilDay` encodes itself.
    mutating func value(_ day: CivilDay) {
        let (year, month, date) = day.parts
        guard year >= 0 else { return value(day.description) }
        separate()
        text.append(UInt8(ascii: "\""))
        digits(UInt(year), atLeast: 4)
        text.append(UInt8(ascii: "-"))
        digits(UInt(month), atLeast: 2)
        text.append(UInt8(ascii: "-"))
        digits(UInt(date), atLeast: 2)
        text.append(UInt8(ascii: "\""))
        first = false
    }

    /// Writes `"name":value`, or nothing when `value` is nil, as synthesized `Encodable` leaves it out.
    mutating func field<Value>(_ name: StaticString, _ value: Value?, _ write: (inout JSONOutput, Value) -> Void) {
        guard let value else { return }
        key(name)
        write(&self, value)
    }

    /// A number's decimal digits, with zeros before them up to `atLeast`.
    private mutating func digits(_ number: UInt, atLeast: Int) {
        var (width, scale): (Int, UInt) = (1, 1)
        while scale <= number / 10 { (width, scale) = (width + 1, scale * 10) }
        if atLeast > width { text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: atLeast - width)) }
        var rest = number
        while scale > 0 {
            text.append(UInt8(ascii: "0") + UInt8(rest / scale))
            (rest, scale) = (rest % scale, scale / 10)
        }
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): text.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): text.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case UInt8(ascii: "\n"): text.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): text.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case UInt8(ascii: "\t"): text.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0x08: text.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
        case 0x0C: text.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
        default:
            text.append(contentsOf: Array("\\u00".utf8))
            text.append(contentsOf: [byte].hexDigits.utf8)
        }
    }

    private mutating func separate() {
        if !first { text.append(UInt8(ascii: ",")) }
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        text.append(bracket)
        first = true
    }

    private mutating func close(_ bracket: UInt8) {
        text.append(bracket)
        first = false
    }
}
