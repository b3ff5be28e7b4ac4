import AmityCore
import Foundation
import Vapor

/// `amity rationing import-outlets|import-people|issue-terminals --programme N FILE`: load a
/// programme's outlets or people from CSV, with a progress bar, or issue its outlets' terminals.
/// `amity rationing draw --round N [--verify]`: draw a pre-order round, or run its draw again
/// from what was published (`RoundDrawCommand`).
/// Every row is checked before any is written; run again, it updates outlets and skips people
/// already registered.
struct RationingCommand: AnyAsyncCommand {
    var help: String {
        "Loads a rationing programme's outlets or people, or issues terminals, from CSV: amity rationing import-outlets|import-people|issue-terminals --programme N FILE; "
            + "draws a pre-order round or checks its draw: amity rationing draw --round N [--verify] [--from URL]."
    }

    func outputHelp(using context: inout CommandContext) {
        context.console.output("""
        Usage: amity rationing import-outlets --programme N FILE
               amity rationing import-people --programme N FILE
               amity rationing issue-terminals --programme N FILE > tokens.csv
               amity rationing draw --round N [--verify] [--from URL]

        Outlets: a header row with code,name,address and optionally phone,latitude,longitude,kind,test,note,service_periods
        (21 letters of N open and Y closed: the seven mornings from Monday, then the afternoons, then the evenings).
        People: a header row with document,documentType,birth and optionally flags (separated by ;),household,district.
        Terminals: a header row with outlet (the outlet's code) and optionally name; one terminal per row,
        all or none, within the programme's cap per outlet. Prints outlet,token: each token is shown only once.
        Document numbers are stored only as HMACs under the instance's document key.
        Draw: draws a closed pre-order round now (the running server makes the winners' orders). With --verify, runs the draw again from the published
        seed, tickets and winners (this instance's, or those at --from) and prints the winners as place,ticket;
        exits with an error when the published draw is not the one its seed gives.
        """)
    }

    func run(using context: inout CommandContext) async throws {
        var words = context.input.arguments
        if words.first == "draw" { return try await RoundDrawCommand.run(words, context: context) }
        guard let programmeText = try AmityConfig.take(option: "--programme", from: &words), let programmeID = Int(programmeText) else {
            throw Abort(.badRequest, reason: "Say which programme: --programme N (its id, as /api/v1/rationing/programmes lists them).")
        }
        guard words.count == 2, ["import-outlets", "import-people", "issue-terminals"].contains(words[0]) else {
            throw Abort(.badRequest, reason: "Usage: amity rationing import-outlets|import-people|issue-terminals --programme N FILE")
        }
        let app = context.application
        guard let programme = try await ProgrammeRecord.find(programmeID, on: app.db) else { throw Abort(.notFound, reason: "There is no programme \(programmeID).") }
        let text: String
        do { text = try String(contentsOfFile: words[1], encoding: .utf8) } catch {
            throw Abort(.badRequest, reason: "Could not read \(words[1]) as UTF-8 text.")
        }
        let load = RationingImport(db: app.db, key: app.documentKey)
        if words[0] == "issue-terminals" {
            do {
                let issued = try await load.terminals(text, programme: programme, now: app.clock.now())
                // CSV on standard output, for the outlets' set-up; the count on standard error.
                print("outlet,token")
                for (outlet, token) in issued { print("\(outlet),\(token)") }
                FileHandle.standardError.write(Data("Issued \(issued.count) terminals.\n".utf8))
                return
            } catch let error as DomainError { throw Abort(.badRequest, reason: error.description) }
        }
        let bar = context.console.progressBar(title: "Importing \(words[1])")
        bar.start()
        do {
            let progress: @Sendable (Double) -> Void = { bar.activity.currentProgress = $0 }
            if words[0] == "import-outlets" {
                let summary = try await load.outlets(text, programmeID: programmeID, now: app.clock.now(), progress: progress)
                bar.succeed()
                context.console.info("Added \(summary.created) outlets and updated \(summary.updated).")
            } else {
                let summary = try await load.people(text, programmeID: programmeID, now: app.clock.now(), progress: progress)
                bar.succeed()
                context.console.info("Registered \(summary.created) people; \(summary.unchanged) were already registered.")
            }
        } catch let error as DomainError {
            bar.fail()
            throw Abort(.badRequest, reason: error.description)
        }
    }
}
