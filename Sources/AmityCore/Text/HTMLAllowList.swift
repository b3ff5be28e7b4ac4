/// Rebuilds HTML from an allow-list: every element and attribute in the output is one this type
/// emits itself, every attribute value is escaped, every element is closed. What is not on the
/// list is dropped (its text stays, escaped), so nothing a writer types can become markup,
/// whatever the Markdown renderer before it lets through.
///
/// The tokenizer reads tags as a browser would (quoted, unquoted and bare attributes), so an
/// attribute smuggled in by a quote inside a URL is seen as the separate attribute it is, and dropped.
public enum HTMLAllowList {
    /// The elements kept, with the attributes each may carry.
    static let elements: [String: Set<String>] = [
        "p": [], "br": [], "hr": [], "h1": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [],
        "strong": [], "em": [], "b": [], "i": [], "del": [], "s": [], "code": ["class"], "pre": [], "blockquote": [],
        "ul": [], "ol": ["start"], "li": [], "a": ["href"],
        "table": [], "thead": [], "tbody": [], "tr": [], "th": ["align"], "td": ["align"],
    ]
    static let void: Set<String> = ["br", "hr"]

    /// The cleaned HTML.
    public static func clean(_ html: String) -> String {
        var out = ""
        var open: [String] = []
        var reader = Reader(Array(html.unicodeScalars))
        while let token = reader.next() {
            switch token {
            case .text(let text):
                out += escapeText(text)
            case .start(let name, let attributes):
                if name == "img" {
                    // A remote image would tell its host who reads the page: show its description.
                    out += escape(decodeEntities(attributes.first { $0.name == "alt" }?.value ?? ""))
                    continue
                }
                guard let allowed = elements[name] else { continue }
                out += "<" + name
                if name == "a" {
                    if let href = attributes.first(where: { $0.name == "href" }).map({ decodeEntities($0.value) }), safeLink(href) {
                        out += " href=\"" + escape(href) + "\""
                    }
                    out += " rel=\"nofollow noopener ugc\""
                }
                for attribute in attributes where allowed.contains(attribute.name) && attribute.name != "href" {
                    if let value = checked(attribute.name, decodeEntities(attribute.value)) { out += " \(attribute.name)=\"\(escape(value))\"" }
                }
                out += ">"
                if !void.contains(name) { open.append(name) }
            case .end(let name):
                guard let index = open.lastIndex(of: name) else { continue }
                for closing in open[index...].reversed() { out += "</\(closing)>" }
                open.removeSubrange(index...)
            }
        }
        for closing in open.reversed() { out += "</\(closing)>" }
        return out
    }

    /// Whether a link may stay: web, mail, this site's paths and fragments; no control characters or
    /// white space anywhere (browsers strip them, which is how `java\tscript:` gets through elsewhere).
    public static func safeLink(_ href: String) -> Bool {
        guard !href.isEmpty, href.count <= 2_000,
              href.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) && $0 != "\\" }) else { return false }
        let lower = href.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") || lower.hasPrefix("#") { return true }
        return lower.hasPrefix("/") && !lower.hasPrefix("//")
    }

    /// An allowed attribute's value, or nil when it is not one Amity emits.
    static func checked(_ name: String, _ value: String) -> String? {
        switch name {
        case "start": return value.count <= 9 && !value.isEmpty && value.allSatisfy(\.isASCIIDigit) ? value : nil
        case "align": return ["left", "center", "right"].contains(value) ? value : nil
        case "class":
            let language = value.hasPrefix("language-") ? value.dropFirst("language-".count) : ""
            return !language.isEmpty && language.count <= 40 && language.allSatisfy({ $0.isASCIILetterOrDigit || $0 == "-" || $0 == "+" || $0 == "#" })
                ? value : nil
        default: return nil
        }
    }

    /// Escapes text for an attribute value or element content.
    public static func escape(_ text: String) -> String { MarkupText.escape(text) }

    /// Text between tags: entities already written stay as they are; every other `&` and angle bracket is escaped.
    static func escapeText(_ text: String) -> String {
        escape(decodeEntities(text))
    }

    /// Decodes the entities a renderer writes (named ones for markup characters, numeric ones), leaving any other `&` as text.
    public static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "#39": "'", "nbsp": "\u{A0}"]
        var out = "", rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semicolon = after.prefix(12).firstIndex(of: ";") {
                let name = String(after[..<semicolon])
                if let value = named[name] ?? numeric(name) {
                    out += value
                    rest = after[after.index(after: semicolon)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }

    private static func numeric(_ name: String) -> String? {
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
        return String(Character(scalar))
    }

    enum Token {
        case text(String)
        case start(String, [Attribute])
        case end(String)
    }

    struct Attribute {
        var name: String
        var value: String
    }

    /// Splits HTML into text, start tags and end tags. A `<` that does not begin a tag is text;
    /// comments and declarations are dropped.
    struct Reader {
        let scalars: [Unicode.Scalar]
        var position = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        mutating func next() -> Token? {
            guard position < scalars.count else { return nil }
            if scalars[position] == "<", let tag = tag() { return tag }
            let start = position
            position += 1
            while position < scalars.count, scalars[position] != "<" { position += 1 }
            return .text(String(String.UnicodeScalarView(scalars[start..<position])))
        }

        private func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\u{0C}" }
        private func isNameStart(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }

        /// Reads a tag at `position` (a `<`), or returns nil and leaves `position` when it is none.
        private mutating func tag() -> Token? {
            var i = position + 1
            guard i < scalars.count else { return nil }
            if scalars[i] == "!" || scalars[i] == "?" {
                // A comment or declaration: skip to its end.
                while i < scalars.count, scalars[i] != ">" { i += 1 }
                position = min(i + 1, scalars.count)
                return .text("")
            }
            var closing = false
            if scalars[i] == "/" { closing = true; i += 1 }
            guard i < scalars.count, isNameStart(scalars[i]) else { return nil }
            var name = ""
            while i < scalars.count, !isSpace(scalars[i]), scalars[i] != "/", scalars[i] != ">" {
                name.unicodeScalars.append(scalars[i]); i += 1
            }
            var attributes: [Attribute] = []
            while i < scalars.count, scalars[i] != ">" {
                if isSpace(scalars[i]) || scalars[i] == "/" { i += 1; continue }
                var attribute = ""
                while i < scalars.count, !isSpace(scalars[i]), scalars[i] != "/", scalars[i] != ">", scalars[i] != "=" || attribute.isEmpty {
                    attribute.unicodeScalars.append(scalars[i]); i += 1
                }
                while i < scalars.count, isSpace(scalars[i]) { i += 1 }
                var value = ""
                if i < scalars.count, scalars[i] == "=" {
                    i += 1
                    while i < scalars.count, isSpace(scalars[i]) { i += 1 }
                    if i < scalars.count, scalars[i] == "\"" || scalars[i] == "'" {
                        let quote = scalars[i]
                        i += 1
                        while i < scalars.count, scalars[i] != quote { value.unicodeScalars.append(scalars[i]); i += 1 }
                        i += 1
                    } else {
                        while i < scalars.count, !isSpace(scalars[i]), scalars[i] != ">" { value.unicodeScalars.append(scalars[i]); i += 1 }
                    }
                }
                attributes.append(Attribute(name: attribute.lowercased(), value: value))
            }
            position = min(i + 1, scalars.count)
            let lower = name.lowercased()
            return closing ? .end(lower) : .start(lower, attributes)
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetterOrDigit: Bool { isASCII && (isLetter || isNumber) }
}
