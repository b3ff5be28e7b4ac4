import Vapor

/// `amity import gazetteer FILE`: loads a gazetteer file, showing progress; safe to run again.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "dataset", help: "What the file holds: gazetteer")
        var dataset: String

        @Argument(name: "file", help: "The file to load (.tsv, or .tsv.gz)")
        var file: String
    }

    var help: String { "Loads a data set into the directory (amity import gazetteer Data/gazetteer.tsv.gz)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.dataset == "gazetteer" else {
            throw Abort(.badRequest, reason: "Unknown data set '\(signature.dataset)'; Amity imports: gazetteer.")
        }
        let bar = context.console.progressBar(title: "Importing \(signature.file)")
        bar.start()
        do {
            let summary = try await GazetteerImport(database: context.application.db).run(path: signature.file) { fraction in
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
