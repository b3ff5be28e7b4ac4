import Vapor

/// `amity import DIR`: loads a whole instance written by `amity export` into an empty database.
/// `amity import gazetteer FILE`: loads a gazetteer file; safe to run again. Both show progress.
///
/// Read by hand rather than through a signature, since its second argument exists only for a gazetteer.
struct ImportCommand: AnyAsyncCommand {
    var help: String { "Loads an instance exported by amity export (amity import DIR), or a gazetteer (amity import gazetteer Data/gazetteer.tsv.gz)." }

    func run(using context: inout CommandContext) async throws {
        let words = context.input.arguments
        if words.first == "gazetteer" {
            guard words.count == 2 else { throw Abort(.badRequest, reason: "Give the gazetteer file: amity import gazetteer FILE.") }
            try await gazetteer(words[1], context)
        } else {
            guard words.count == 1 else { throw Abort(.badRequest, reason: "Give one directory written by amity export: amity import DIR.") }
            try await instance(words[0], context)
        }
    }

    func outputHelp(using context: inout CommandContext) {
        context.console.output("Usage: amity import DIR | amity import gazetteer FILE\n\n\(help)")
    }

    private func instance(_ directory: String, _ context: CommandContext) async throws {
        let app = context.application
        // Migrated here, not by the entrypoint, so an empty database is not seeded first.
        try await app.autoMigrate()
        let bar = context.console.progressBar(title: "Importing \(directory)")
        bar.start()
        do {
            let manifest = try await InstanceImport(db: app.db, knownMigrations: Set(Migrations.all.map(\.name)))
                .load(from: directory) { loaded, total in bar.activity.currentProgress = total == 0 ? 1 : Double(loaded) / Double(total) }
            bar.succeed()
            context.console.info("Loaded \(manifest.tables.count) tables, \(manifest.tables.reduce(0) { $0 + $1.rows }) rows, from a \(manifest.database) database.")
        } catch let error as ArchiveError {
            bar.fail()
            throw Abort(.badRequest, reason: error.description)
        }
    }

    private func gazetteer(_ file: String, _ context: CommandContext) async throws {
        let bar = context.console.progressBar(title: "Importing \(file)")
        bar.start()
        do {
            let summary = try await GazetteerImport(database: context.application.db).run(path: file) { fraction in
                bar.activity.currentProgress = fraction
            }
            bar.succeed()
            context.console.info("Loaded \(summary.countries) countries, \(summary.cities) cities and \(summary.names) names.")
        } catch {
            bar.fail()
            throw error
        }
    }
}
