import Foundation

/// A mail Amity sends: plain text, to one address, with a one-click unsubscribe link where the
/// mail is a notification one can turn off (RFC 8058).
struct OutgoingMail: Sendable, Equatable, Codable {
    var to: String
    var subject: String
    var text: String
    /// The address that turns this kind of mail off, for `List-Unsubscribe`.
    var unsubscribe: String?

    /// The message as RFC 5322 text: headers (the subject encoded when not ASCII) and a UTF-8 body
    /// with CRLF line ends and no line starting with a lone dot left to the transport.
    func message(from sender: String, id: String, date: Date) -> String {
        var headers = [
            "From: \(sender)",
            "To: \(to)",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(id)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "Auto-Submitted: auto-generated",
        ]
        if let unsubscribe {
            headers.append("List-Unsubscribe: <\(unsubscribe)>")
            headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
        }
        let body = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
    }

    /// A header value as an RFC 2047 encoded word when it is not plain ASCII (Chinese subjects).
    static func encodedWord(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard clean.unicodeScalars.contains(where: { !$0.isASCII }) else { return clean }
        return "=?UTF-8?B?" + Data(clean.utf8).base64EncodedString() + "?="
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
