import Foundation
@preconcurrency import Ink

/// Markdown as officers write it, turned into HTML a page can show without trusting the writer:
/// no raw HTML (every `<` is text), links only to web, mail or this site, no remote images.
enum SafeMarkdown {
    static func html(_ markdown: String) -> String {
        parser.html(from: markdown.replacingOccurrences(of: "<", with: "&lt;"))
    }

    // Built per call: Ink's modifiers are not Sendable, and a parser is cheap to make.
    private static var parser: MarkdownParser {
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .links) { html, markdown in
            guard let href = href(in: html), allowed(href) else { return linkText(markdown) }
            return html.replacingOccurrences(of: "<a href=", with: "<a rel=\"nofollow noopener\" href=")
        })
        // A remote image would tell its host who reads the practice; show its description instead.
        parser.addModifier(Modifier(target: .images) { _, markdown in linkText(markdown) })
        return parser
    }

    /// Whether a link may stay: web, mail and local addresses, and nothing that could leave its attribute.
    static func allowed(_ href: String) -> Bool {
        let lower = href.lowercased()
        guard ["http://", "https://", "mailto:", "/", "#"].contains(where: lower.hasPrefix) else { return false }
        return !href.contains { $0 == "\"" || $0 == "'" || $0 == "`" || $0 == ">" || $0.isWhitespace }
    }

    private static func href(in html: String) -> String? {
        guard let start = html.range(of: "href=\"") else { return nil }
        let rest = html[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    /// The bracketed text of `[text](url)` or `![text](url)`, escaped.
    private static func linkText(_ markdown: Substring) -> String {
        guard let open = markdown.firstIndex(of: "["), let close = markdown[open...].firstIndex(of: "]") else { return "" }
        return String(markdown[markdown.index(after: open)..<close])
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
