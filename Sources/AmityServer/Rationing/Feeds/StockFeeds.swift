import AmityCore
import NIOConcurrencyHelpers
import Vapor

/// The open feeds of every programme, kept in memory and answered from there. A read that finds
/// its programme's feeds checked more than `refresh` ago starts a new snapshot in the background
/// and answers with the one it has; a read that finds them older than `maxAge` (or none) waits for
/// the new one, so no answer is older than `maxAge`. A new snapshot whose stock and outlets are
/// unchanged keeps the old one's bytes, tags and time: readers asking with its tag keep getting 304.
/// A check first asks for the ledger's cut and the programme's revisions (`StockLedger.version`),
/// and reads the outlets only when those moved. The files are written off the event loops.
/// Nothing is read while nobody asks, so selling pays nothing for feeds nobody reads.
final class StockFeeds: Sendable {
    private struct Entry {
        var feeds: PublishedFeeds
        /// When the ledger and the outlets were last found as `version` says.
        var checked: ContinuousClock.Instant
        var version: StockSnapshot.Version
    }

    private let entries = NIOLockedValueBox<[Int: Entry]>([:])
    private let building = NIOLockedValueBox<[Int: Task<PublishedFeeds, any Error>]>([:])
    /// How long a check stands before a read starts the next one.
    let refresh: Duration
    /// The oldest check a read is answered from (§4: at most 10 s).
    let maxAge: Duration

    init(refresh: Duration = .seconds(5), maxAge: Duration = .seconds(10)) {
        (self.refresh, self.maxAge) = (refresh, maxAge)
    }

    /// The programme's feeds, checked less than `maxAge` ago.
    func feeds(of programme: ProgrammeRecord, app: Application) async throws -> PublishedFeeds {
        let id = try programme.requireID()
        let now = ContinuousClock.now
        if let entry = entries.withLockedValue({ $0[id] }), now - entry.checked < maxAge {
            if now - entry.checked >= refresh { _ = snapshot(programme, app: app) }
            return entry.feeds
        }
        return try await snapshot(programme, app: app).value
    }

    /// Takes a new snapshot of the programme's stock unless one is under way, and returns it.
    @discardableResult
    func snapshot(_ programme: ProgrammeRecord, app: Application) -> Task<PublishedFeeds, any Error> {
        let id = programme.id ?? 0
        return building.withLockedValue { building in
            if let task = building[id] { return task }
            let task = Task<PublishedFeeds, any Error> {
                defer { _ = self.building.withLockedValue { $0.removeValue(forKey: id) } }
                let started = ContinuousClock.now
                let previous = self.entries.withLockedValue { $0[id] }
                let version = try await StockLedger(db: app.db).version(programmeID: id)
                if let previous, previous.version == version { return self.keep(Entry(feeds: previous.feeds, checked: started, version: version), of: id) }
                let snapshot = try await Self.read(programme, app: app)
                let read = ContinuousClock.now
                let feeds = if let previous, previous.feeds.snapshot.sameStock(as: snapshot) { previous.feeds } else {
                    try await PublishedFeeds.write(snapshot, on: app.threadPool)
                }
                app.logger.debug("stock feeds of programme \(id): \(snapshot.outlets.count) outlets read in \(read - started), written in \(ContinuousClock.now - read)")
                return self.keep(Entry(feeds: feeds, checked: started, version: snapshot.version), of: id)
            }
            building[id] = task
            return task
        }
    }

    /// Keeps `entry` unless a later check has landed meanwhile; returns the feeds kept.
    private func keep(_ entry: Entry, of id: Int) -> PublishedFeeds {
        entries.withLockedValue { entries in
            if let kept = entries[id], kept.checked >= entry.checked { return kept.feeds }
            entries[id] = entry
            return entry.feeds
        }
    }

    /// A snapshot that follows every write committed before this call: one under way may have
    /// read before them, so it waits for that one and takes another.
    func afterWrites(_ programme: ProgrammeRecord, app: Application) async throws -> PublishedFeeds {
        _ = try? await building.withLockedValue({ $0[programme.id ?? 0] })?.value
        return try await snapshot(programme, app: app).value
    }

    /// Waits for the snapshots under way: called at shutdown, before the database closes.
    func finish() async {
        for task in building.withLockedValue({ Array($0.values) }) { _ = try? await task.value }
    }

    /// The programme's stock now, with the classes and time zone its feeds use.
    private static func read(_ programme: ProgrammeRecord, app: Application) async throws -> StockSnapshot {
        let now = app.clock.now()
        let schedule = try await app.programmeCache.schedule(of: programme, on: app.db)
        // A programme that has ended still publishes what its outlets hold, in its last version's terms.
        let rules = schedule.inForce(at: now) ?? schedule.versions.last { $0.start <= now } ?? schedule.versions.first
        let classes = programme.feedClasses.map { $0.split(separator: ",").map(String.init) } ?? rules?.policy.classes ?? []
        let zone = rules.flatMap { TimeZone(identifier: $0.policy.timeZone) } ?? TimeZone(identifier: "UTC")!
        return try await StockLedger(db: app.db).snapshot(programmeID: try programme.requireID(), classes: classes, zone: zone, now: now)
    }
}

extension Application {
    private struct StockFeedsKey: StorageKey { typealias Value = StockFeeds }

    /// The instance's open stock feeds, set by `configure`.
    var stockFeeds: StockFeeds {
        get { storage[StockFeedsKey.self]! }
        set { storage[StockFeedsKey.self] = newValue }
    }
}

/// Lets the snapshots under way end before the database closes.
struct StockFeedsShutdown: LifecycleHandler {
    func shutdownAsync(_ application: Application) async { await application.stockFeeds.finish() }
}
