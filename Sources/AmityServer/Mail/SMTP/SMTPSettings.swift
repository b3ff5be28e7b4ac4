import Foundation

/// Where and how mail is handed to a mail server: `AMITY_SMTP_URL`, such as
/// `smtp://user:password@mail.example.org:587` (STARTTLS, required), `smtps://…:465` (TLS from the
/// first byte) or `smtp://127.0.0.1:25?tls=none` (a relay on this machine, nothing encrypted).
public struct SMTPSettings: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Equatable {
        /// STARTTLS after the greeting; a server that does not offer it is refused.
        case startTLS
        /// TLS from the first byte.
        case implicitTLS
        /// Nothing, allowed only towards this machine.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// A PEM file of the certificates to trust instead of the system's (`AMITY_SMTP_CA`), for a private mail server.
    public var trustedCertificates: String?

    /// Reads an `smtp://` or `smtps://` URL; the password never appears in the error.
    public init(url text: String, trustedCertificates: String? = nil) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["smtp", "smtps"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw Invalid("AMITY_SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465.")
        }
        let tls = url.queryItems?.first { $0.name == "tls" }?.value?.lowercased()
        switch (scheme, tls) {
        case ("smtps", _): security = .implicitTLS
        case ("smtp", "none"): security = .none
        case ("smtp", nil), ("smtp", "starttls"): security = .startTLS
        default: throw Invalid("AMITY_SMTP_URL: tls= takes starttls or none.")
        }
        self.host = host
        self.port = url.port ?? (security == .implicitTLS ? 465 : 587)
        guard (1...65_535).contains(port) else { throw Invalid("AMITY_SMTP_URL: the port must be between 1 and 65535.") }
        username = url.user.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
        password = url.password.flatMap { $0.removingPercentEncoding }
        if security == .none && !Self.isLoopback(host) {
            throw Invalid("AMITY_SMTP_URL: tls=none is for a relay on this machine only; \(host) must be reached with STARTTLS or smtps://.")
        }
        self.trustedCertificates = trustedCertificates
    }

    static func isLoopback(_ host: String) -> Bool {
        ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    /// A setting that cannot be used, said in words.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
