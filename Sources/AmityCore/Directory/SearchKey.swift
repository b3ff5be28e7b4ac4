import Foundation

/// The form of a name that search compares: case, accents, width and punctuation folded away.
///
/// "Xi’an", "XI'AN" and "Xian" share a key; so do "Poznań" and "poznan", and "Ｔａｉｐｅｉ" and
/// "taipei". Han, kana and Hangul pass through unchanged, so "台中" finds "台中市" by prefix.
public enum SearchKey {
    /// The key of `text`; empty when nothing searchable remains.
    public static func of(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? ascii(text) : folded(text)
    }

    /// The key by Foundation's folding, for text in any script.
    static func folded(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var key = ""
        key.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if apostrophes.contains(scalar) { continue }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace, !key.isEmpty { key.append(" ") }
                pendingSpace = false
                if let replacement = replacements[scalar] { key += replacement } else { key.unicodeScalars.append(scalar) }
            } else {
                pendingSpace = true
            }
        }
        return key
    }

    /// The same key for text that is all ASCII, without Foundation's folding (most of what search
    /// indexes is English, and folding is most of the time it takes).
    static func ascii(_ text: String) -> String {
        var key: [UInt8] = []
        key.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "`"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if pendingSpace, !key.isEmpty { key.append(UInt8(ascii: " ")) }
                pendingSpace = false
                key.append(byte | (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? 0x20 : 0))
            default:
                pendingSpace = true
            }
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// The smallest string greater than every string that starts with `prefix` (for range scans).
    public static func upperBound(ofPrefix prefix: String) -> String {
        prefix + "\u{10FFFF}"
    }

    private static let apostrophes: Set<Unicode.Scalar> = ["'", "’", "‘", "ʼ", "ʻ", "`", "´", "ʿ", "ʾ"]
    // Letters that diacritic folding leaves alone but readers treat as plain Latin.
    private static let replacements: [Unicode.Scalar: String] = [
        "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th",
    ]
}
