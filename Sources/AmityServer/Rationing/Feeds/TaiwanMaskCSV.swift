import AmityCore

/// The stock as Taiwan's NHI published it in 2020 (`maskdata.csv`), byte for byte: 100+ community
/// apps read it by column position with `split(",")`, so the header, the column order and the
/// absence of quoting are the contract. The first two feed classes fill the adult and child columns.
enum TaiwanMaskCSV {
    /// The header, exactly as NHI wrote it.
    static let header = "醫事機構代碼,醫事機構名稱,醫事機構地址,醫事機構電話,成人口罩剩餘數,兒童口罩剩餘數,來源資料時間"

    /// The file: the header, then one line per outlet, every line ending in `\n`.
    static func document(_ snapshot: StockSnapshot) -> String {
        let adult = snapshot.classes.first, child = snapshot.classes.dropFirst().first
        let time = snapshot.localTime
        var text = header + "\n"
        for outlet in snapshot.outlets {
            let fields = [outlet.code, outlet.name, outlet.address, outlet.phone].map(plain)
            text += fields.joined(separator: ",")
            text += ",\(adult.map(outlet.available) ?? 0),\(child.map(outlet.available) ?? 0),\(time)\n"
        }
        return text
    }

    /// A field no reader's `split(",")` can break: ASCII commas and quotes become their full-width
    /// forms (，＂), and line breaks become an ideographic space. A field a spreadsheet would run as a
    /// formula (it starts with `= + - @`) starts with the full-width sign instead, as `CSV.field`
    /// guards the other exports; the quote `CSV.field` puts first would be a field of its own here.
    static func plain(_ text: String) -> String {
        let formula = text.utf8.first.map { [0x3D, 0x2B, 0x2D, 0x40].contains($0) } ?? false
        // The bytes that begin every scalar replaced below; a field without them is returned as it is.
        guard formula || text.utf8.contains(where: { [0x0A, 0x0B, 0x0C, 0x0D, 0x22, 0x2C, 0xC2, 0xE2].contains($0) }) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == 0 && formula {
                // U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠: the same signs, read as text.
                out.unicodeScalars.append(Unicode.Scalar(scalar.value - 0x20 + 0xFF00)!)
                continue
            }
            switch scalar {
            case ",": out.unicodeScalars.append("，")
            case "\"": out.unicodeScalars.append("＂")
            case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": out.unicodeScalars.append("\u{3000}")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
