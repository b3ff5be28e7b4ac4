import AmityCore
import Foundation
@preconcurrency import Ink

/// Markdown as officers write it, turned into HTML a page (or an API client) can show without
/// trusting the writer. Ink renders; `HTMLAllowList` then rebuilds the result from elements and
/// attributes Amity emits itself, so nothing Ink lets through unescaped (a quote in a link, a
/// code fence's info string, raw HTML) can reach the reader as markup.
enum SafeMarkdown {
    /// The longest text rendered, in characters: bodies are capped far lower when written.
    static let maximumLength = 100_000

    /// A private-use character that stands for `<` while Ink reads the text.
    private static let angle = "\u{E000}"

    static func html(_ markdown: String) -> String {
        // Every `<` is text: it reaches Ink as a placeholder (so Ink never sees raw HTML, nor
        // escapes an entity twice inside code), and becomes `&lt;` once the markup is rebuilt.
        let source = String(markdown.prefix(maximumLength)).replacingOccurrences(of: angle, with: "")
            .replacingOccurrences(of: "<", with: angle)
        return HTMLAllowList.clean(MarkdownParser().html(from: source)).replacingOccurrences(of: angle, with: "&lt;")
    }
}
