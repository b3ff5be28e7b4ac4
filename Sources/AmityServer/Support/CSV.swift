/// CSV as spreadsheets and humanitarian tools read it (RFC 4180), for the ledger and signature exports.
enum CSV {
    /// One CSV field (RFC 4180). Text a spreadsheet would read as a formula (it starts with
    /// `= + - @`, a tab or a return) gets a leading `'`, so a signer's name can never run as one.
    static func field(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Int64(text) == nil { text = "'" + text }
        return text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
