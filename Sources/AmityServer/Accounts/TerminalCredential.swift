import AmityCore
import Fluent
import Vapor

/// An outlet's terminal, as a request presents it: a bearer token that may sell at one outlet and
/// do nothing else. Rationing resolves the token; here it only rides on the request.
struct TerminalCredential: Sendable, Equatable {
    /// What every terminal token starts with, so it is told apart from a person's token unread.
    static let prefix = "amity_terminal_"
    /// The answer to a token unknown or revoked, whether at the door or when a write checks again.
    static let refused = Abort(.unauthorized, reason: "The terminal token is not valid; it may have been revoked.")

    var terminalID: Int
    var outletID: Int
    var programmeID: Int

    /// Whether `token` has the shape of an issued one: the prefix and 43 URL-safe base64 letters
    /// (`Secret.token`). Anything else is refused before it is hashed or looked up.
    static func isWellFormed(_ token: String) -> Bool {
        let rest = token.utf8.dropFirst(prefix.utf8.count)
        return token.utf8.starts(with: prefix.utf8) && rest.count == 43
            && rest.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D || $0 == 0x5F }
    }
}

extension Request {
    private struct TerminalKey: StorageKey { typealias Value = TerminalCredential }

    /// The terminal this request came from, when it came with a terminal token.
    var terminal: TerminalCredential? {
        get { storage[TerminalKey.self] }
        set { storage[TerminalKey.self] = newValue }
    }
}

extension Application {
    typealias TerminalLookup = @Sendable (_ tokenHash: String, _ app: Application) async throws -> TerminalCredential?
    private struct TerminalLookupKey: StorageKey { typealias Value = TerminalLookup }

    /// Finds the live terminal a token hash belongs to; set where rationing is wired in.
    var terminalCredentials: TerminalLookup? {
        get { storage[TerminalLookupKey.self] }
        set { storage[TerminalLookupKey.self] = newValue }
    }
}

extension Application {
    typealias ProgrammeOwnerLookup = @Sendable (_ programmeID: Int, _ db: any Database) async throws -> ProgrammeOwner?
    private struct ProgrammeOwnerKey: StorageKey { typealias Value = ProgrammeOwnerLookup }

    /// Whose a rationing programme is, for deciding who may manage it; set where rationing is wired in.
    var programmeOwners: ProgrammeOwnerLookup? {
        get { storage[ProgrammeOwnerKey.self] }
        set { storage[ProgrammeOwnerKey.self] = newValue }
    }
}
