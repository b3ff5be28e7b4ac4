import AmityCore
import Crypto
import Foundation
import SQLKit
import Vapor

/// Ties each key file to the database it serves. The first time a key file is used with a
/// database, a check value is recorded (an HMAC of a fixed text under the key, which tells nothing
/// of the key); every later start compares it and refuses another key, or none.
///
/// Without it, a server or a command started from another folder without `AMITY_DOCUMENT_KEY`
/// made a new key file there and went on: every registered resident "unknown" at the counter, and
/// anyone registered then stored under a second key, a population nobody could join to the first.
enum KeyCheck {
    static let schema = "key_checks"

    /// The key file at `path` (`KeyFile`), once it is known to be the one this database was first
    /// used with; the first use records it. A refused key file is not created. No path: a key of
    /// this process alone (tests), checked against nothing.
    static func load(path: String?, purpose: String, variable: String, on db: any SQLDatabase, now: Date, logger: Logger) async throws -> Data {
        guard let path else { return try KeyFile.load(path: nil, purpose: purpose, variable: variable, logger: logger) }
        var recorded = try await self.recorded(purpose, on: db)
        if recorded != nil, !FileManager.default.fileExists(atPath: path) {
            throw refusal("There is no \(purpose) at \(path), but this database was first used with one.", variable: variable)
        }
        let bytes = try KeyFile.load(path: path, purpose: purpose, variable: variable, logger: logger)
        let check = HMAC<SHA256>.authenticationCode(for: Data("amity key check: \(purpose)".utf8), using: SymmetricKey(data: bytes)).hexDigits
        if recorded == nil {
            // Two instances starting at once: the first insert stands, the other compares with it.
            try await db.raw("""
                INSERT INTO \(ident: schema) (purpose, check_value, created_at) VALUES (\(bind: purpose), \(bind: check), \(bind: now))
                ON CONFLICT (purpose) DO NOTHING
                """).run()
            recorded = try await self.recorded(purpose, on: db)
        }
        guard recorded == check else {
            throw refusal("The \(purpose) at \(path) is not the one this database was first used with.", variable: variable)
        }
        return bytes
    }

    private static func recorded(_ purpose: String, on db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT check_value FROM \(ident: schema) WHERE purpose = \(bind: purpose)")
            .first()?.decode(column: "check_value", as: String.self)
    }

    private static func refusal(_ problem: String, variable: String) -> Abort {
        Abort(.internalServerError, reason: """
            \(problem) Set \(variable) to that key file (or its backup): under another key, what it protects \
            could not be read, and what is written would not match what was.
            """)
    }
}
