/// What a mail server answered: a three-digit code and the text of each line.
struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    /// 2xx and 3xx: the server goes on.
    var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: try again later; 5xx: this will not work as sent.
    var isTransient: Bool { (400..<500).contains(code) }

    var description: String { "\(code) \(lines.joined(separator: " / "))" }

    /// The EHLO keywords the server offers (`STARTTLS`, `AUTH PLAIN LOGIN`, `8BITMIME`), upper-cased.
    var extensions: [String: [String]] {
        var found: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            if let keyword = words.first { found[keyword] = Array(words.dropFirst()) }
        }
        return found
    }
}

/// Why a mail could not be handed over.
enum SMTPError: Error, CustomStringConvertible {
    /// The server answered something other than what the step needs.
    case refused(step: String, reply: SMTPReply)
    /// The server sent a line that is not a reply.
    case garbled(String)
    /// The connection ended before the conversation did (or took too long and was closed).
    case closed
    /// STARTTLS is required and the server does not offer it.
    case noStartTLS
    /// A user is configured and the server offers no way to sign in that Amity speaks, or no encryption to do it under.
    case cannotAuthenticate(String)

    var description: String {
        switch self {
        case .refused(let step, let reply): "the mail server refused \(step): \(reply)"
        case .garbled(let line): "the mail server sent a line that is not a reply: \(line.prefix(80))"
        case .closed: "the mail server closed the connection (or did not answer in time)"
        case .noStartTLS: "the mail server does not offer STARTTLS, which AMITY_SMTP_URL requires"
        case .cannotAuthenticate(let why): "cannot sign in to the mail server: \(why)"
        }
    }
}
