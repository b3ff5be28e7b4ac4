import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import Vapor

/// Sets up the application, top to bottom: configuration, database, middleware, views,
/// migrations and seed, commands, routes.
public func configure(_ app: Application, _ config: AmityConfig) async throws {
    app.amity = config
    app.directory = DirectoryConfiguration(workingDirectory: config.workingDirectory)

    let postgres = try await app.useDatabase(config.database)
    app.liveHub = LiveHub(postgres: postgres, logger: app.logger)
    app.lifecycle.use(LiveHubShutdown())

    // Outermost first: errors from everything inside become problem+json or an error page.
    app.middleware = Middlewares()
    app.middleware.use(MetricsMiddleware(metrics: app.httpMetrics))
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory, defaultFile: nil))
    app.middleware.use(BodyLimitMiddleware())
    app.middleware.use(AuthenticationMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(IdempotencyMiddleware())
    app.routes.defaultMaxBodySize = "64kb"
    app.passwords.use(.bcrypt(cost: config.passwordCost))

    app.views.use(.leaf)
    app.catalogue = try app.loadCatalogue()

    app.migrations.add(Migrations.all)
    try await app.autoMigrate()
    try await FirstStart(app: app).seedIfEmpty()

    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(UsersCommand(), as: "users")
    app.asyncCommands.use(AllocateCommand(), as: "allocate")
    app.asyncCommands.use(SearchCommand(), as: "search")
    app.asyncCommands.use(VerifyStatementCommand(), as: "verify-statement")

    try routes(app)
}

extension Application {
    /// Points Fluent at SQLite (a file in WAL mode, or memory) or PostgreSQL, whose configuration
    /// it returns for the live feed's listening connection.
    @discardableResult
    func useDatabase(_ database: AmityConfig.Database) async throws -> SQLPostgresConfiguration? {
        switch database {
        case .sqliteFile(let path):
            databases.use(.sqlite(.file(path)), as: .sqlite)
            // WAL lets pages read while an import writes; it is a property of the file, set once.
            try await db.sql.raw("PRAGMA journal_mode=WAL").run()
            return nil
        case .sqliteMemory:
            databases.use(.sqlite(.memory), as: .sqlite)
            return nil
        case .postgres(let url, let schema):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = schema.map { [$0] }
            databases.use(.postgres(configuration: configuration), as: .psql)
            if let schema {
                // A private schema per test app lets PostgreSQL suites run in parallel without colliding.
                try await db.sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
            }
            return configuration
        }
    }
}
