import AmityServer
import Logging
import NIOCore
import NIOPosix
import Vapor

/// `amity`: serve (the default), import, migrate and the other commands.
@main
enum Entrypoint {
    static func main() async throws {
        // Swift concurrency runs on NIO's event loops, so an async handler does not hop between two
        // thread pools on every await: the plain route serves about twice the requests a second on two cores.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        var arguments = CommandLine.arguments
        let process = ProcessInfo.processInfo
        let workingDirectory = DirectoryConfiguration.detect().workingDirectory
        let config: AmityConfig
        do {
            config = try AmityConfig.fromProcess(
                environment: process.environment, arguments: &arguments, workingDirectory: workingDirectory,
                home: AmityHome.locate(environment: process.environment, executable: arguments[0], workingDirectory: workingDirectory),
                production: try Environment.detect(arguments: arguments).name == Environment.production.name)
        } catch {
            // A setting that cannot be used is said in a line and exit status 2, never a crash.
            FileHandle.standardError.write(Data("amity: \(error)\n".utf8))
            exit(2)
        }
        var environment = try Environment.detect(arguments: arguments)
        let needs = CommandNeeds(arguments: environment.arguments)
        if CommandNeeds.serves(environment.arguments) {
            try LoggingSystem.bootstrap(from: &environment)
        } else {
            // A command's data goes to standard output (`issue-terminals … > tokens.csv`), so its log,
            // such as the notice of a key file made on first use, goes to standard error.
            try LoggingSystem.bootstrap(from: &environment) { level in
                { label in
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                }
            }
        }
        let app = try await Application.make(environment)
        do {
            try await configure(app, config)
            switch needs {
            case .nothing: break
            case .connection: try await prepareDatabase(app, migrate: false)
            case .migratedDatabase: try await prepareDatabase(app)
            }
            if CommandNeeds.serves(environment.arguments) { await startBackgroundWork(app) }
            // Not `execute()`, which logs a failure before rethrowing it: the reason is said once,
            // below, on standard error, whatever `--log` asks to hide.
            try await app.startup()
            try await app.running?.onStop.get()
        } catch {
            let reason = (error as? any AbortError)?.reason ?? String(describing: error)
            FileHandle.standardError.write(Data("amity: \(reason)\n".utf8))
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }
}
