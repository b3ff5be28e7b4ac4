import AmityCore
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LeafKit
import Vapor

/// Sets up the application, top to bottom: configuration, database, middleware, views,
/// migrations, commands, routes. It opens no database: `prepareDatabase` does, for the commands
/// that need one, so `--help` and the offline commands never create or migrate a file.
public func configure(_ app: Application, _ config: AmityConfig) async throws {
    app.amity = config
    app.directory = DirectoryConfiguration(workingDirectory: config.home)

    app.writerThread = WriterThread()
    let postgres = try app.useDatabase(config.database)
    app.writeGate = postgres == nil ? app.sqliteTurns() : nil
    app.hotDatabases = HotDatabases()
    app.liveHub = LiveHub(postgres: postgres, logger: app.logger, maximumStreams: config.maximumStreams)
    app.rateLimits = RateLimits()
    app.signInGate = SignInGate(slots: config.signInSlots, queueLength: config.signInQueue, share: config.signInShare)
    app.passwordThreads = PasswordThreads(count: config.signInSlots)
    app.planWorker = BackgroundWorker(deadline: .seconds(30 * 60)) { app in try await PlanJobTurn(app: app, worker: app.instanceID).take() }
    app.mailWorker = BackgroundWorker { app in try await OutboxTurn(app: app).take() }
    app.maintenanceWorker = Maintenance.worker()
    app.reservationWorker = ReservationExpiry.worker()
    app.gazetteerCache = GazetteerCache()
    app.publicPages = PublicPages()
    app.gazetteerWorker = GazetteerCache.worker()
    app.libraryCache = LibraryCache()
    app.libraryWorker = LibraryCache.worker()
    app.world = WorldReference.load(home: config.home, logger: app.logger)
    let programmes = ProgrammeCache()
    app.programmeCache = programmes
    if case .sqliteFile(let path) = config.database { app.sqliteReader = SQLiteReader(path: path) }
    let reads = RationingReads(reader: app.sqliteReader)
    app.rationingReads = reads
    app.stockFeeds = StockFeeds()
    app.roundFiles = RoundFiles()
    app.terminalRoster = TerminalRoster()
    app.terminalCredentials = { hash, app in try await app.terminalRoster.credential(hash, app: app) }
    app.programmeOwners = { id, db in try await programmes.programme(id, on: db)?.owner }
    let host = URL(string: config.publicURL)?.host ?? "localhost"
    app.mailTransport = try config.smtp.map { try SMTPTransport(settings: $0, sender: config.mailSender, ehloName: host, group: app.eventLoopGroup) }
        ?? MailFolder(path: config.mailFolder, logger: app.logger, sender: config.mailSender)
    app.saleQueue = .sales(postgres: postgres != nil)
    app.lifecycle.use(WriterThreadShutdown())
    app.lifecycle.use(LiveHubShutdown())
    app.lifecycle.use(BackgroundWorkShutdown())
    app.lifecycle.use(InFlightShutdown())
    app.lifecycle.use(StockFeedsShutdown())
    app.lifecycle.use(PasswordThreadsShutdown())

    // Outermost first: errors from everything inside become problem+json or an error page.
    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(MiddlewareChain([
        MetricsMiddleware(metrics: app.httpMetrics),
        SecurityHeadersMiddleware(),
        LanguageMiddleware(),
        SignInAdmission(),
        ProblemMiddleware(),
        RequestDeadlineMiddleware(),
        StaticFiles(publicDirectory: app.directory.publicDirectory),
        BodyLimitMiddleware(),
        AuthenticationMiddleware(),
        PublicPageInvalidation(),
        CSRFMiddleware(),
        IdempotencyMiddleware(),
    ]))
    // `/metrics` is the app's own (`MetricsMiddleware`); Vapor's would go to no metrics system.
    app.http.server.configuration.reportMetrics = false
    app.routes.defaultMaxBodySize = "64kb"
    app.passwords.use(.bcrypt(cost: config.passwordCost))

    // Leaf's own provider re-reads every template on every page in development; parse each once
    // unless told otherwise, so the default `swift run amity serve` serves pages at full speed.
    let liveTemplates = config.liveTemplates
    app.views.use { app in
        var cache = app.leaf.cache
        cache.isEnabled = !liveTemplates
        var userInfo = app.leaf.userInfo
        userInfo["application"] = app
        return LeafRenderer(configuration: app.leaf.configuration, tags: app.leaf.tags, cache: cache, sources: app.leaf.sources,
                            eventLoop: app.eventLoopGroup.next(), userInfo: userInfo)
    }
    app.leaf.tags["word"] = WordTag()
    app.leaf.tags["day"] = DateTag(withTime: false)
    app.leaf.tags["dayTime"] = DateTag(withTime: true)
    app.leaf.tags["month"] = MonthTag()
    app.catalogue = try app.loadCatalogue()
    app.pageWords = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, PageWords(app.catalogue.messages(for: $0))) })

    app.migrations.add(Migrations.all)

    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(UsersCommand(), as: "users")
    app.asyncCommands.use(AllocateCommand(), as: "allocate")
    app.asyncCommands.use(SearchCommand(), as: "search")
    app.asyncCommands.use(VerifyStatementCommand(), as: "verify-statement")
    app.asyncCommands.use(RationingCommand(), as: "rationing")

    try routes(app)
}

/// Opens the database, brings its schema up to date and, when it is empty, loads what the
/// configuration's seed says: what `amity serve` and the data commands need before they run.
public func prepareDatabase(_ app: Application, migrate: Bool = true) async throws {
    switch app.amity.database {
    case .sqliteFile:
        // WAL lets pages read while an import writes; it is a property of the file, set once.
        try await app.db.sql.raw("PRAGMA journal_mode=WAL").run()
    case .postgres(_, let schema?):
        // A private schema per test app lets PostgreSQL suites run in parallel without colliding.
        try await app.db.sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    case .sqliteMemory, .postgres:
        break
    }
    guard migrate else { return }
    try await app.autoMigrate()
    // After the migrations: each key file is checked against the database before it is used.
    app.signingKey = try await SigningKeyFile.load(path: app.amity.signingKeyPath, on: app.db.sql, now: app.clock.now(), logger: app.logger)
    app.documentKey = try await DocumentKey.load(path: app.amity.documentKeyPath, on: app.db.sql, now: app.clock.now(), logger: app.logger)
    try await FirstStart(app: app).seedIfEmpty()
}

/// Starts the work that runs beside the server: plans and mail left by the last run (or by
/// another instance that stopped) are taken up, and the hourly purge begins.
public func startBackgroundWork(_ app: Application) async {
    if app.environment == .production && app.amity.smtp == nil {
        app.logger.warning("No mail server is configured: mail (address confirmations, password resets) is written to \(app.amity.mailFolder) and the log.")
    }
    await app.planWorker.wake(app)
    await app.mailWorker.wake(app)
    await app.maintenanceWorker.wake(app)
    await app.reservationWorker.wake(app)
    await app.gazetteerWorker.wake(app)
    await app.libraryWorker.wake(app)
}

extension Application {
    /// Points Fluent at SQLite (a file in WAL mode, or memory) or PostgreSQL, whose configuration
    /// it returns for the live feed's listening connection. Nothing connects until first use.
    @discardableResult
    func useDatabase(_ database: AmityConfig.Database) throws -> SQLPostgresConfiguration? {
        switch database {
        case .sqliteFile(let path):
            useSQLite(.file(path))
            return nil
        case .sqliteMemory:
            useSQLite(.memory)
            return nil
        case .postgres(let url, let schema):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = schema.map { [$0] }
            // Enough connections that a slow query on one event loop does not stall every request on it.
            databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 8,
                                    connectionPoolTimeout: .seconds(10)), as: .psql)
            databases.use(.postgres(configuration: HotConnection.configuration(configuration), maxConnectionsPerEventLoop: HotConnection.connectionsPerEventLoop,
                                    connectionPoolTimeout: .seconds(10)), as: .hot, isDefault: false)
            return configuration
        }
    }

    /// SQLite has one connection per event loop, which a write transaction holds until its commit
    /// is on disk; writes therefore take their turns (`writeGate`) on connections of their own, and
    /// the event loops' connections stay free for reads, which WAL lets run beside the writer.
    private func useSQLite(_ configuration: SQLiteConfiguration) {
        databases.use(.sqlite(configuration), as: .sqlite)
        writerThread.databases.use(.sqlite(configuration), as: .sqlite)
    }
}
