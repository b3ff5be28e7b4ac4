/// Bytes as lower-case hexadecimal, two digits a byte: how digests are stored, compared and shown.
extension Sequence where Element == UInt8 {
    // Inlinable, so a digest's own sequence type is specialized where it is hashed: through the
    // generic `Sequence` witnesses, iterating a 32-byte MAC cost as much as computing it.
    @inlinable
    public var hexDigits: String {
        var out: [UInt8] = []
        out.reserveCapacity(Swift.max(underestimatedCount, 32) * 2)
        for byte in self {
            out.append(hexDigit(byte >> 4))
            out.append(hexDigit(byte & 0x0F))
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The ASCII digit for a value of 0-15.
@usableFromInline
func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
}
