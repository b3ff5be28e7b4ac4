/// How Amity cuts text into search terms, the same way for SQLite and PostgreSQL.
///
/// Words of alphabetic scripts are folded as `SearchKey` folds names. Chinese, Japanese and
/// Korean are written without spaces between words (or, in Korean, with particles attached), so
/// their runs become overlapping pairs of characters, as Lucene's CJK analyser does, plus single
/// characters for one-character queries: 口罩 is the term 口罩, and 마스크를 contains 마스 and 스크,
/// which a search for 마스크 asks for.
public enum SearchText {
    /// The terms of a text to index, in order (a term may repeat).
    public static func indexTerms(_ text: String) -> [String] {
        var terms: [String] = []
        for run in runs(text) {
            switch run {
            case .word(let word): terms.append(word)
            case .ideographic(let chars):
                for (i, char) in chars.enumerated() {
                    terms.append(String(char))
                    if i + 1 < chars.count { terms.append(String(chars[i...i + 1])) }
                }
            }
        }
        return terms
    }

    /// The terms a query asks for, each to be found (words also as prefixes); at most 16.
    public static func queryTerms(_ text: String) -> [QueryTerm] {
        var terms: [QueryTerm] = []
        for run in runs(text) {
            switch run {
            case .word(let word): terms.append(QueryTerm(text: word, prefix: true))
            case .ideographic(let chars) where chars.count == 1: terms.append(QueryTerm(text: String(chars[0]), prefix: false))
            case .ideographic(let chars):
                for i in 0..<(chars.count - 1) { terms.append(QueryTerm(text: String(chars[i...i + 1]), prefix: false)) }
            }
        }
        var seen = Set<String>()
        return Array(terms.filter { seen.insert($0.text).inserted }.prefix(16))
    }

    /// One term of a query.
    public struct QueryTerm: Equatable, Sendable {
        public var text: String
        /// Whether longer words that start with `text` match too.
        public var prefix: Bool

        public init(text: String, prefix: Bool) {
            self.text = text
            self.prefix = prefix
        }
    }

    enum Run {
        case word(String)
        case ideographic([Character])
    }

    /// The longest term kept, in UTF-8 bytes: no word is this long, and PostgreSQL refuses lexemes
    /// past 2,046 bytes. Longer runs (a grapheme cluster of 700 jamo, a pasted hash) are dropped.
    public static let maximumTermBytes = 200

    static func runs(_ text: String) -> [Run] {
        var runs: [Run] = []
        for word in SearchKey.of(text).split(separator: " ") {
            // Plain words (the most of any text) need no look at their characters one by one.
            if word.utf8.allSatisfy({ $0 < 0x80 }) {
                if word.utf8.count <= maximumTermBytes { runs.append(.word(String(word))) }
                continue
            }
            var plain = "", ideographic: [Character] = []
            func flush() {
                if !plain.isEmpty, plain.utf8.count <= maximumTermBytes { runs.append(.word(plain)) }
                plain = ""
                if !ideographic.isEmpty { runs.append(.ideographic(ideographic)); ideographic = [] }
            }
            for char in word {
                if char.utf8.count > 16 {
                    flush()
                } else if isIdeographic(char) {
                    if !plain.isEmpty { flush() }
                    ideographic.append(char)
                } else {
                    if !ideographic.isEmpty { flush() }
                    plain.append(char)
                }
            }
            flush()
        }
        return runs
    }

    static func isIdeographic(_ char: Character) -> Bool {
        guard let scalar = char.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3040...0x30FF, // Hiragana, Katakana
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F, // Han
             0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: // Hangul
            return true
        default:
            return false
        }
    }
}

/// A document for the search index: its fields, weighted title > summary and tags > body.
public struct SearchDocument: Sendable, Equatable {
    public var title: String
    public var summary: String
    public var tags: [String]
    public var body: String

    public init(title: String, summary: String, tags: [String], body: String) {
        self.title = title
        self.summary = summary
        self.tags = tags
        self.body = body
    }

    /// The document as PostgreSQL's tsvector literal: every term quoted, with its positions and
    /// weight (A title, B summary and tags, C body), so no text-search parser touches CJK.
    public var tsvectorLiteral: String {
        Self.tsvector([(title, "A"), (summary, "B"), (tags.joined(separator: " "), "B"), (body, "C")])
    }

    static func tsvector(_ fields: [(String, String)]) -> String {
        var positions: [String: [String]] = [:]
        var order: [String] = []
        var position = 0
        for (text, weight) in fields {
            for term in SearchText.indexTerms(text) {
                position = min(position + 1, 16_383)
                if positions[term] == nil { order.append(term) }
                if positions[term, default: []].count < 256 { positions[term, default: []].append("\(position)\(weight)") }
            }
        }
        return order.map { "'\($0)':" + positions[$0]!.joined(separator: ",") }.joined(separator: " ")
    }

    /// The fields as space-separated terms, for SQLite's FTS5 columns (title, summary, tags, body).
    public var fts5Columns: [String] {
        [title, summary, tags.joined(separator: " "), body].map { SearchText.indexTerms($0).joined(separator: " ") }
    }
}
