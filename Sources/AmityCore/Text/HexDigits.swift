/// Bytes as lower-case hexadecimal, two digits a byte: how digests are stored, compared and shown.
extension Sequence where Element == UInt8 {
    public var hexDigits: String {
        var out = ""
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}
