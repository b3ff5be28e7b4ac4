import Fluent
import Vapor

/// Fills an empty database: the gazetteer always; the demo directory, data and accounts only in
/// development or with `--demo`, so a production instance never holds an account nobody created.
struct FirstStart {
    let app: Application

    func seedIfEmpty() async throws {
        let gazetteer: String, demo: Bool
        switch app.amity.seed {
        case .none: return
        case .gazetteer(let path): (gazetteer, demo) = (path, false)
        case .gazetteerAndDemo(let path): (gazetteer, demo) = (path, true)
        }
        if try await Country.query(on: app.db).count() == 0 {
            try await load(gazetteer: gazetteer, demo: demo)
        } else if try await Region.query(on: app.db).count() == 0 {
            // A database from before regions: the gazetteer again (it updates in place) brings
            // regions, Japanese and Korean names.
            app.logger.notice("Adding regions and Japanese and Korean place names from \(gazetteer).")
            _ = try await GazetteerImport(database: app.db).run(path: gazetteer)
        }
        if try await Person.query(on: app.db).filter(\.$isAdministrator == true).count() == 0 {
            app.logger.warning("No administrator yet. Create the first with: amity users create-admin --email you@your-city.gov")
        }
    }

    private func load(gazetteer: String, demo: Bool) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        app.logger.notice("First start: loading the gazetteer from \(gazetteer)\(demo ? " and the demo data" : "").")
        let summary = try await GazetteerImport(database: app.db).run(path: gazetteer)
        guard demo else {
            app.logger.notice("Loaded \(summary.cities) cities with \(summary.names) names in \(clock.now - start).")
            return
        }
        let data = app.directory.workingDirectory + "Data/demo/"
        try await DemoDirectory.load(path: data + "directory.json").load(into: app.db)
        try await DemoAccounts.create(on: app)
        try await DemoAid.load(into: app.db, now: app.clock.now())
        try await DemoAid.makePlan(on: app)
        try await DemoKnowledge.load(path: data + "knowledge.json").load(into: app.db)
        try await DemoStatements.load(path: data + "statements.json").load(into: app.db, catalogue: app.catalogue)
        try await DemoResolutions.load(into: app.db)
        try await DemoEvents.load(path: data + "events.json").load(into: app.db, catalogue: app.catalogue)
        try await DemoAssemblies.load(into: app.db)
        try await DemoEvidence.load(path: data + "evidence.json").load(into: app.db)
        try await DemoRationing.load(on: app)
        app.logger.notice("Loaded \(summary.cities) cities with \(summary.names) names and the demo data in \(clock.now - start).")
    }
}
