import Fluent
import Foundation
import Vapor

/// `amity search reindex`: rebuilds the search index from the published practices and the questions.
struct SearchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "reindex")
        var action: String
    }

    var help: String { "Rebuilds the full-text index of practices and questions (amity search reindex)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "reindex" else { throw Abort(.badRequest, reason: "Unknown action '\(signature.action)'; use reindex.") }
        let clock = ContinuousClock()
        let started = clock.now
        let console = context.console
        let count = try await SearchIndex(db: context.application.db).rebuild { written in
            if written % 10_000 < 500 { console.print("indexed \(written)") }
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        console.print("indexed \(count) practices and questions in \(String(format: "%.1f", seconds)) s")
    }
}
