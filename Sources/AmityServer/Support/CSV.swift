/// CSV as spreadsheets and humanitarian tools read it (RFC 4180), for the ledger and signature exports.
enum CSV {
    /// One CSV field (RFC 4180). Text a spreadsheet would read as a formula (it starts with
    /// `= + - @`, a tab or a return) gets a leading `'`, so a signer's name can never run as one.
    static func field(_ text: String) -> String {
        // Most fields need neither: one pass over the bytes spares Foundation's searches (the feeds
        // write 25,000 outlets' fields at a time).
        if let first = text.utf8.first, !formulaStarts.contains(first),
           !text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            return text
        }
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Int64(text) == nil { text = "'" + text }
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        return text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    private static let formulaStarts: Set<UInt8> = Set("=+-@\t\r".utf8)
}
