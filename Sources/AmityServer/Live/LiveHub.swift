import Fluent
import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import PostgresNIO
import Vapor

/// Wakes the readers of the live stream when entries may have been added: after a local commit,
/// and, on PostgreSQL, on a NOTIFY from any instance. A wake-up carries no data; readers read the
/// table, so nothing is lost when a wake-up is missed or doubled.
final class LiveHub: Sendable {
    private let readers = NIOLockedValueBox<[UUID: AsyncStream<Void>.Continuation]>([:])
    private let listener = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let listeningBox = NIOLockedValueBox(false)
    private let postgres: SQLPostgresConfiguration?
    private let logger: Logger

    init(postgres: SQLPostgresConfiguration?, logger: Logger) {
        self.postgres = postgres
        self.logger = logger
    }

    /// A stream of wake-ups for one reader, with one every `heartbeat` seconds so it can ping its
    /// client; call `leave` with the id when done.
    func join(heartbeat: Duration = .seconds(15)) -> (id: UUID, wakeUps: AsyncStream<Void>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeat)
                continuation.yield()
            }
        }
        continuation.onTermination = { _ in ticker.cancel() }
        readers.withLockedValue { $0[id] = continuation }
        startListeningIfNeeded()
        return (id, stream)
    }

    func leave(_ id: UUID) {
        readers.withLockedValue { $0.removeValue(forKey: id) }?.finish()
    }

    /// Whether this instance is LISTENing on PostgreSQL right now.
    var isListening: Bool { listeningBox.withLockedValue { $0 } }

    func wake() {
        for reader in readers.withLockedValue({ Array($0.values) }) { reader.yield() }
    }

    /// Ends every stream and stops listening (at shutdown).
    func close() {
        listener.withLockedValue { $0?.cancel(); $0 = nil }
        for reader in readers.withLockedValue({ all in defer { all = [:] }; return Array(all.values) }) { reader.finish() }
    }

    /// One connection per instance LISTENs, opened when the first reader arrives (most instances
    /// and every test that never streams hold no extra connection).
    private func startListeningIfNeeded() {
        guard let postgres else { return }
        listener.withLockedValue { task in
            guard task == nil else { return }
            task = Task { [weak self] in await self?.listen(postgres) }
        }
    }

    private func listen(_ configuration: SQLPostgresConfiguration) async {
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(configuration: configuration.coreConfiguration, id: 1, logger: logger)
                do {
                    if let path = configuration.searchPath, !path.isEmpty {
                        let quoted = path.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ", ")
                        _ = try await connection.query(PostgresQuery(unsafeSQL: "SET search_path TO " + quoted), logger: logger).collect()
                    }
                    let schema = try await connection.query("SELECT current_schema()", logger: logger).collect().first?.decode(String.self) ?? "public"
                    try await connection.listen(on: LiveFeed.channelPrefix + schema) { notifications in
                        listeningBox.withLockedValue { $0 = true }
                        defer { listeningBox.withLockedValue { $0 = false } }
                        wake() // catch up on whatever committed while not listening
                        for try await _ in notifications { wake() }
                    }
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch {
                if Task.isCancelled { return }
                logger.warning("Live feed listener lost its connection; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}

extension Application {
    private struct LiveHubKey: StorageKey { typealias Value = LiveHub }

    /// The live feed's wake-ups for this instance.
    var liveHub: LiveHub {
        get {
            guard let hub = storage[LiveHubKey.self] else { fatalError("configure() sets the live hub") }
            return hub
        }
        set { storage[LiveHubKey.self] = newValue }
    }
}

/// Closes the live streams before the server stops, so no request waits on them.
struct LiveHubShutdown: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        application.liveHub.close()
    }
}
