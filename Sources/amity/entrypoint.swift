import AmityServer
import Logging
import Vapor

/// `amity`: serve (the default), import, migrate and the other commands.
@main
enum Entrypoint {
    static func main() async throws {
        var arguments = CommandLine.arguments
        // Checking an exported statement is offline work: no database to open, create or migrate.
        if arguments.count == 3, arguments[1] == "verify-statement" {
            let (report, intact) = VerifyStatementCommand.run(path: arguments[2])
            print(report)
            exit(intact ? 0 : 1)
        }
        let config = try AmityConfig.fromProcess(
            environment: ProcessInfo.processInfo.environment, arguments: &arguments,
            workingDirectory: DirectoryConfiguration.detect().workingDirectory)
        var environment = try Environment.detect(arguments: arguments)
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await Application.make(environment)
        do {
            try await configure(app, config)
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }
}
