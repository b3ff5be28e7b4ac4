import AmityCore
import Foundation
import Vapor

/// `amity verify-statement FILE`: checks a statement's signature export, offline, and says exactly
/// where a tampered one breaks. Exits with status 1 when it is broken or unreadable.
///
/// It needs no database: the executable runs it before setting Amity up (see `run(path:)`), so
/// checking a file never creates or migrates one. The command is registered for `amity --help`.
public struct VerifyStatementCommand: AsyncCommand {
    public struct Signature: CommandSignature {
        @Argument(name: "file", help: "A statement's signatures.json, as Amity exports it")
        var file: String

        @Option(name: "key", help: "The instance's public key (base64, from /api/v1/signing-key) that must have signed the head")
        var key: String?

        public init() {}
    }

    public var help: String { "Checks the hash chain of a joint statement's exported signatures (amity verify-statement FILE)." }

    public init() {}

    public func run(using context: CommandContext, signature: Signature) async throws {
        let (report, intact) = Self.run(path: signature.file, trustedKey: signature.key)
        context.console.print(report)
        if !intact { throw ChainCheckFailed(description: report) }
    }

    /// The check and what to print; `intact` is false when the file is broken or unreadable.
    public static func run(path: String, trustedKey: String? = nil) -> (report: String, intact: Bool) {
        let export: StatementExport
        do {
            export = try JSONDecoder().decode(StatementExport.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            return ("\(path) is not a statement export: \(error)", false)
        }
        switch SignatureChain.verify(export) {
        case .intact(let signatories, let head):
            let chain = "intact: statement \(export.statementId) version \(export.version), \(export.entries.count) entries, \(signatories) cities signed\n"
            switch HeadSignature.verify(export, trusted: trustedKey) {
            case .signed(let key):
                return (chain + "head \(head), signed by key \(HeadSignature.fingerprint(key))"
                        + (trustedKey == nil ? " (compare it with the fingerprint at the instance's /api/v1/signing-key, or pass --key)" : ", the key you gave"), true)
            case .unsigned:
                return (chain + "head \(head), not signed: compare it with the head Amity shows on the statement's page", true)
            case .invalid:
                return ("broken at the head: its signature does not verify" + (trustedKey == nil ? "" : " with the key you gave")
                        + ": the head, the statement or the key was changed", false)
            }
        case .broken(let position, let reason):
            return (position == 0 ? "broken at the text: \(reason)" : "broken at entry \(position): \(reason)", false)
        }
    }
}

/// Ends `amity verify-statement` with a failure status.
struct ChainCheckFailed: Error, CustomStringConvertible {
    var description: String
}
