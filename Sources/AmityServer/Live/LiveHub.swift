import Fluent
import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import PostgresNIO
import Vapor

/// New live entries, read once per wake-up and shared by every stream of this instance.
struct LiveBatch: Sendable {
    /// The entries follow this id; nil for a heartbeat, which carries none.
    var after: Int?
    var entries: [LiveEntryRecord]
    /// The cities the entries' facts name, read once for every stream to word in its reader's language.
    var cities: [Int: CityRefDTO] = [:]
}

/// Wakes the live streams when entries may have been added: after a local commit, and, on
/// PostgreSQL, on a NOTIFY from any instance. A wake-up carries no data: one reader per instance
/// reads the table once and hands the new entries to every stream, so a write costs one query
/// however many people watch. A stream that falls behind (a slow client) reads for itself, so
/// nothing is lost when a wake-up or a batch is missed.
final class LiveHub: Sendable {
    /// Streams this instance serves at once, and from one address.
    let maximumStreams: Int
    let maximumStreamsPerAddress: Int
    private let readers = NIOLockedValueBox<[UUID: (address: String, continuation: AsyncStream<LiveBatch>.Continuation)]>([:])
    private let wakeUps: AsyncStream<Void>.Continuation
    private let wakeUpStream: AsyncStream<Void>
    private let fanOut = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let listener = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let listeningBox = NIOLockedValueBox(false)
    private let postgres: SQLPostgresConfiguration?
    private let logger: Logger

    init(postgres: SQLPostgresConfiguration?, logger: Logger, maximumStreams: Int = 500, maximumStreamsPerAddress: Int = 8) {
        self.postgres = postgres
        self.logger = logger
        self.maximumStreams = maximumStreams
        self.maximumStreamsPerAddress = maximumStreamsPerAddress
        (wakeUpStream, wakeUps) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// A stream of batches for one reader from `address`, with a heartbeat every `heartbeat`;
    /// call `leave` with the id when done. Refused (429) past the caps.
    func join(address: String, database: any Database, heartbeat: Duration = .seconds(15)) throws -> (id: UUID, batches: AsyncStream<LiveBatch>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<LiveBatch>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let refusal: String? = readers.withLockedValue { all in
            if all.count >= maximumStreams { return "This server is serving as many live streams as it can; try again in a minute." }
            if all.values.filter({ $0.address == address }).count >= maximumStreamsPerAddress {
                return "Too many live streams from your address; close one (each browser tab holds one)."
            }
            all[id] = (address, continuation)
            return nil
        }
        if let refusal { throw Abort(.tooManyRequests, headers: ["Retry-After": "60"], reason: refusal) }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeat)
                continuation.yield(LiveBatch(after: nil, entries: []))
            }
        }
        continuation.onTermination = { _ in ticker.cancel() }
        startFanOutIfNeeded(database)
        startListeningIfNeeded()
        return (id, stream)
    }

    func leave(_ id: UUID) {
        readers.withLockedValue { $0.removeValue(forKey: id) }?.continuation.finish()
    }

    /// How many streams this instance serves now.
    var streamCount: Int { readers.withLockedValue { $0.count } }

    /// Whether this instance is LISTENing on PostgreSQL right now.
    var isListening: Bool { listeningBox.withLockedValue { $0 } }

    /// Says entries may have been added; wake-ups that arrive while the reader reads fold into one.
    func wake() {
        wakeUps.yield()
    }

    /// Ends every stream and stops reading and listening (at shutdown).
    func close() {
        listener.withLockedValue { $0?.cancel(); $0 = nil }
        fanOut.withLockedValue { $0?.cancel(); $0 = nil }
        for reader in readers.withLockedValue({ all in defer { all = [:] }; return Array(all.values) }) { reader.continuation.finish() }
    }

    /// The one reader: on each wake-up, the entries after the last it saw, to every stream.
    private func startFanOutIfNeeded(_ database: any Database) {
        fanOut.withLockedValue { task in
            guard task == nil else { return }
            task = Task { [weak self, wakeUpStream, wakeUps] in
                // A read every 15 seconds even without a wake-up: another process on the same SQLite
                // file has no NOTIFY to send, and a missed NOTIFY must not hold an entry back for long.
                let ticker = Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(15))
                        wakeUps.yield()
                    }
                }
                defer { ticker.cancel() }
                var last = (try? await LiveFeed.latestID(on: database)) ?? 0
                for await _ in wakeUpStream {
                    guard let self else { return }
                    do {
                        while true {
                            let fresh = try await LiveFeed.entries(on: database, topics: [], after: last, limit: 200)
                            guard let newest = fresh.last?.id else { break }
                            let batch = LiveBatch(after: last, entries: fresh, cities: try await LiveWording.cities(for: fresh, on: database))
                            last = newest
                            for reader in self.readers.withLockedValue({ Array($0.values) }) { reader.continuation.yield(batch) }
                            if fresh.count < 200 { break }
                        }
                    } catch {
                        self.logger.warning("Live feed: could not read new entries; streams catch up on the next wake-up", metadata: ["error": "\(error)"])
                    }
                }
            }
        }
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
        get { configured(LiveHubKey.self) }
        set { storage[LiveHubKey.self] = newValue }
    }
}

/// Closes the live streams before the server stops, so no request waits on them.
struct LiveHubShutdown: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        application.liveHub.close()
    }
}
