/// Reads back the terms the databases store for an entry (`SearchDocument`'s FTS5 columns on
/// SQLite, its tsvector on PostgreSQL) as weighted counts, so the index in memory loads without
/// cutting any text again. Both give the same counts: a title's term weighs 8, a summary's or
/// tag's 3, the body's 1 (the weights SQLite's ranking used).
public enum StoredTerms {
    /// The weight of each of FTS5's columns: title, summary, tags, body.
    public static let columnWeights = [8, 3, 3, 1]

    /// Terms and length from the four FTS5 columns (terms separated by single spaces).
    public static func fromColumns(_ columns: [String]) -> (terms: [String: Int], length: Int) {
        var terms: [String: Int] = [:], length = 0
        for (column, weight) in zip(columns, columnWeights) {
            for term in column.utf8.split(separator: UInt8(ascii: " ")) {
                terms[String(Substring(term)), default: 0] += weight
                length += 1
            }
        }
        return (terms, length)
    }

    /// Terms and length from a tsvector's text (`'term':1A,2B 'other':3C`; a quote inside a term is
    /// doubled, a backslash escaped). A position with no letter is weight D, counted as 1.
    public static func fromTsvector(_ text: String) -> (terms: [String: Int], length: Int) {
        var terms: [String: Int] = [:], length = 0
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "'") else { i += 1; continue }
            i += 1
            var term: [UInt8] = []
            while i < bytes.count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "\\"), i + 1 < bytes.count {
                    term.append(bytes[i + 1]); i += 2
                } else if byte == UInt8(ascii: "'") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "'") { term.append(byte); i += 2 } else { i += 1; break }
                } else {
                    term.append(byte); i += 1
                }
            }
            var weight = 0
            // Positions: `:1A,2,3C` up to the next space.
            while i < bytes.count, bytes[i] != UInt8(ascii: " ") {
                let byte = bytes[i]
                if byte == UInt8(ascii: ":") || byte == UInt8(ascii: ",") {
                    var j = i + 1
                    while j < bytes.count, bytes[j] >= UInt8(ascii: "0"), bytes[j] <= UInt8(ascii: "9") { j += 1 }
                    weight += j < bytes.count ? letterWeight(bytes[j]) : 1
                    length += 1
                    i = j
                } else {
                    i += 1
                }
            }
            if weight == 0 { weight = 1; length += 1 }  // a term stored without positions
            terms[String(decoding: term, as: UTF8.self), default: 0] += weight
        }
        return (terms, length)
    }

    private static func letterWeight(_ letter: UInt8) -> Int {
        switch letter {
        case UInt8(ascii: "A"): 8
        case UInt8(ascii: "B"): 3
        case UInt8(ascii: "C"): 1
        default: 1
        }
    }
}
