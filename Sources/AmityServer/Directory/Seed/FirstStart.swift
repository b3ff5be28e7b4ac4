import Fluent
import Vapor

/// Fills an empty database with the gazetteer, the demo directory and the demo accounts, so `amity serve` needs no set-up.
struct FirstStart {
    let app: Application

    func seedIfEmpty() async throws {
        guard case .gazetteerAndDemo(let gazetteer) = app.amity.seed else { return }
        guard try await Country.query(on: app.db).count() == 0 else { return }
        let clock = ContinuousClock()
        let start = clock.now
        app.logger.notice("First start: loading the gazetteer from \(gazetteer) and the demo directory.")
        let summary = try await GazetteerImport(database: app.db).run(path: gazetteer)
        try await DemoDirectory.load(path: app.directory.workingDirectory + "Data/demo/directory.json").load(into: app.db)
        try await DemoAccounts.create(on: app)
        try await DemoAid.load(into: app.db, now: app.clock.now())
        try await DemoKnowledge.load(path: app.directory.workingDirectory + "Data/demo/knowledge.json").load(into: app.db)
        try await DemoStatements.load(path: app.directory.workingDirectory + "Data/demo/statements.json").load(into: app.db)
        try await DemoResolutions.load(into: app.db)
        try await DemoEvents.load(path: app.directory.workingDirectory + "Data/demo/events.json").load(into: app.db)
        try await DemoAssemblies.load(into: app.db)
        app.logger.notice("Loaded \(summary.cities) cities with \(summary.names) names and the demo directory in \(clock.now - start).")
    }
}
