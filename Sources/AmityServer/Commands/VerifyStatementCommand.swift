import AmityCore
import Foundation
import Vapor

/// `amity verify-statement FILE`: checks a statement's signature export, offline, and says exactly
/// where a tampered one breaks. Exits with status 1 when it is broken or unreadable.
struct VerifyStatementCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A statement's signatures.json, as Amity exports it")
        var file: String
    }

    var help: String { "Checks the hash chain of a joint statement's exported signatures (amity verify-statement FILE)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let export: StatementExport
        do {
            export = try JSONDecoder().decode(StatementExport.self, from: try Data(contentsOf: URL(fileURLWithPath: signature.file)))
        } catch {
            throw ChainCheckFailed(description: "\(signature.file) is not a statement export: \(error)")
        }
        switch SignatureChain.verify(export) {
        case .intact(let signatories, let head):
            context.console.print("intact: statement \(export.statementId) version \(export.version), \(export.entries.count) entries, \(signatories) cities signed")
            context.console.print("head \(head) — compare it with the head Amity shows on the statement's page")
        case .broken(let position, let reason):
            let message = position == 0 ? "broken at the text: \(reason)" : "broken at entry \(position): \(reason)"
            context.console.error(message)
            throw ChainCheckFailed(description: message)
        }
    }
}

/// Ends `amity verify-statement` with a failure status.
struct ChainCheckFailed: Error, CustomStringConvertible {
    var description: String
}
