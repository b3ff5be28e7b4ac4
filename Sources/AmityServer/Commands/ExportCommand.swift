import Vapor

/// `amity export DIR [--public]`: the whole instance as JSON Lines per table with a manifest and
/// checksums (the private backup, which `amity import` loads into another database), or with
/// `--public` only what the public may read: the copy researchers take.
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "directory", help: "Where to write the archive (created if missing; must not hold one already)")
        var directory: String

        @Flag(name: "public", help: "Only what the public may read: no people, addresses, drafts or unconsented givers")
        var publicOnly: Bool
    }

    var help: String { "Exports the instance as JSON Lines with a manifest (amity export backup/ [--public])." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let bar = context.console.progressBar(title: "Exporting to \(signature.directory)")
        bar.start()
        do {
            let manifest = try await InstanceExport(db: context.application.db, publicOnly: signature.publicOnly)
                .write(to: signature.directory) { written, total in bar.activity.currentProgress = total == 0 ? 1 : Double(written) / Double(total) }
            bar.succeed()
            context.console.info("Wrote \(manifest.tables.count) tables, \(manifest.tables.reduce(0) { $0 + $1.rows }) rows\(manifest.public ? " (public copy)" : "").")
        } catch let error as ArchiveError {
            bar.fail()
            throw Abort(.badRequest, reason: error.description)
        }
    }
}
