import AmityCore
import Vapor

/// Random tokens and their one-way hashes: what is handed out is never stored.
enum Secret {
    /// A URL-safe random token with 256 bits of entropy, after a readable prefix.
    static func token(prefix: String) -> String {
        let bytes = [UInt8].random(count: 32)
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Hex SHA-256, the form tokens are stored and looked up in.
    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hexDigits
    }
}
