import Foundation

/// The district an outlet's address names, for the outlet finder's "by district": read from the
/// address as each country writes one, since programmes import addresses, not districts.
///
/// - Chinese and Japanese, unspaced: the city or county (`…市`, `…縣`) and, when it follows, the
///   district (`…區`, `…鄉`, `…鎮`, `…市`): 臺北市大安區.
/// - Korean, spaced: the province or city and, when the next word is one, its district (`…구`,
///   `…군`, `…시`): 서울특별시 강남구.
/// - Otherwise the last comma-separated part (`No. 5, Lane 3, Taichung` → Taichung), or the
///   first word.
public enum OutletDistrict {
    public static func of(_ address: String) -> String {
        let text = address.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !text.isEmpty else { return "" }
        let words = text.split(separator: " ")
        if words[0].unicodeScalars.contains(where: isHangul) {
            if words.count > 1, let last = words[1].last, "구군시".contains(last) { return "\(words[0]) \(words[1])" }
            return String(words[0])
        }
        if let first = text.firstIndex(where: { "市縣县".contains($0) }), text[..<first].unicodeScalars.allSatisfy(isHan) {
            let city = text[...first]
            let rest = text[text.index(after: first)...]
            if let second = rest.firstIndex(where: { "區区鄉乡鎮镇市".contains($0) }), rest[..<second].unicodeScalars.allSatisfy(isHan), rest.distance(from: rest.startIndex, to: second) < 6 {
                return String(city + rest[...second])
            }
            return String(city)
        }
        if let comma = text.lastIndex(of: ","), case let last = text[text.index(after: comma)...].trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return last
        }
        return String(words[0])
    }

    private static func isHangul(_ scalar: Unicode.Scalar) -> Bool { (0xAC00...0xD7A3).contains(scalar.value) }
    private static func isHan(_ scalar: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value) }
}
