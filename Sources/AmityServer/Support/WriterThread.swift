import FluentPostgresDriver
import FluentSQLiteDriver
import NIOCore
import NIOPosix
import Vapor

/// A thread of its own for the writes that must not queue behind requests. Swift's shared pool runs
/// on the event loops, so under load every statement a write awaits waited there about a millisecond
/// before it went on (measured on sales: 14 ms for a batch's ten statements, most of it queueing).
/// A task that prefers this executor runs here, and so does every statement it awaits on a
/// connection of this thread: SQLite's writer connections live here, with their own blocking thread.
final class WriterThread: TaskExecutor {
    private let group: MultiThreadedEventLoopGroup
    private let loop: any EventLoop
    private let blocking: NIOThreadPool
    /// SQLite's write connections (`Application.writer`), on this thread.
    let databases: Databases

    /// Starts the thread; `shutdown()` stops it.
    init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
        blocking = NIOThreadPool(numberOfThreads: 1)
        blocking.start()
        databases = Databases(threadPool: blocking, on: group)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// A connection of `id` on this thread.
    func database(_ id: DatabaseID, logger: Logger) -> any Database {
        databases.database(id, logger: logger, on: loop)!
    }

    /// `body` in one transaction on one connection of `db`, run on this thread with every statement
    /// it awaits. Fluent's own transactions hand their body to the shared pool, hence this.
    func transaction<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (HotConnection) async throws -> T) async throws -> T {
        if let sqlite = db as? any SQLiteDatabase {
            // IMMEDIATE: the write lock at once, so reads inside see the last commit of every process.
            return try await sqlite.withConnection { (connection: SQLiteConnection) -> EventLoopFuture<T> in
                self.run(.sql(connection.sql()), begin: "BEGIN IMMEDIATE", on: connection.eventLoop, body)
            }.get()
        }
        guard let postgres = db as? any PostgresDatabase else { preconditionFailure("Amity runs on SQLite or PostgreSQL") }
        return try await postgres.withConnection { (connection: PostgresConnection) -> EventLoopFuture<T> in
            self.run(.postgres(connection), begin: "BEGIN", on: connection.eventLoop, body)
        }.get()
    }

    private func run<T: Sendable>(_ connection: HotConnection, begin: String, on loop: any EventLoop,
                                  _ body: @escaping @Sendable (HotConnection) async throws -> T) -> EventLoopFuture<T> {
        let promise = loop.makePromise(of: T.self)
        Task(executorPreference: self) {
            do {
                try await Self.simple(begin, on: connection)
                do {
                    let result = try await body(connection)
                    try await Self.simple("COMMIT", on: connection)
                    promise.succeed(result)
                } catch {
                    try? await Self.simple("ROLLBACK", on: connection)
                    throw error
                }
            } catch {
                promise.fail(error)
            }
        }
        return promise.futureResult
    }

    /// A statement without binds or rows; on PostgreSQL straight to the connection, past SQLKit.
    private static func simple(_ statement: String, on connection: HotConnection) async throws {
        switch connection {
        case .sql(let db): try await db.raw("\(unsafeRaw: statement)").run()
        case .postgres(let connection): for try await _ in try await connection.query(PostgresQuery(unsafeSQL: statement), logger: connection.logger) {}
        }
    }

    /// Closes the connections, then stops the threads.
    func shutdown() async {
        await databases.shutdownAsync()
        try? await blocking.shutdownGracefully()
        try? await group.shutdownGracefully()
    }
}

/// Stops the writer thread when the application stops, after the requests in flight have ended
/// and the log's checkpoint; SQLite's readers close with it.
struct WriterThreadShutdown: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.writeGate?.checkpoint?.stop()
        application.sqliteReader?.close()
        await application.writerThread.shutdown()
    }
}

extension Application {
    private struct WriterThreadKey: StorageKey { typealias Value = WriterThread }

    /// The thread SQLite's writes and the batches of sales run on, set by `configure`.
    var writerThread: WriterThread {
        get { storage[WriterThreadKey.self]! }
        set { storage[WriterThreadKey.self] = newValue }
    }
}
