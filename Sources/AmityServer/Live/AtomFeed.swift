import AmityCore
import Foundation

/// An Atom feed (RFC 4287) of live entries; every id is a stable tag URI.
struct AtomFeed {
    var title: String
    /// The feed's own address, a path on this site.
    var selfPath: String
    var baseURL: String
    /// Worded for the reader who asked (English unless their Accept-Language says otherwise).
    var entries: [LiveEntryDTO]

    func xml() -> String {
        let updated = entries.first?.at ?? Date(timeIntervalSince1970: 1_577_836_800)
        var lines = [
            #"<?xml version="1.0" encoding="utf-8"?>"#,
            #"<feed xmlns="http://www.w3.org/2005/Atom">"#,
            "<id>\(escape(baseURL + selfPath))</id>",
            "<title>\(escape(title))</title>",
            "<updated>\(Self.timestamp(updated))</updated>",
            #"<link rel="self" type="application/atom+xml" href="\#(escape(baseURL + selfPath))"/>"#,
            #"<link rel="alternate" type="text/html" href="\#(escape(baseURL + "/live"))"/>"#,
            "<author><name>Amity</name></author>",
            #"<generator uri="https://github.com/amity">Amity</generator>"#,
        ]
        for entry in entries {
            lines += [
                "<entry>",
                "<id>tag:amity,2020:live/\(entry.id)</id>",
                "<title>\(escape(entry.title))</title>",
                "<updated>\(Self.timestamp(entry.at))</updated>",
                #"<link rel="alternate" type="text/html" href="\#(escape(baseURL + entry.link))"/>"#,
                #"<category term="\#(escape(entry.kind))"/>"#,
                "<summary>\(escape(entry.summary))</summary>",
                "</entry>",
            ]
        }
        lines.append("</feed>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private func escape(_ text: String) -> String { MarkupText.escape(text) }
}
