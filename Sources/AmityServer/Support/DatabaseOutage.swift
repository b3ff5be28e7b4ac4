import AsyncKit
import NIOCore
import NIOPosix
import PostgresNIO

/// Whether an error means the database cannot be reached right now (stopped, restarting,
/// unreachable, or every connection busy past the pool's wait): the request changed nothing and
/// may be retried, so it is a 503 with `Retry-After`, never a 500. The pool opens new connections
/// by itself once the database is back.
enum DatabaseOutage {
    static func isOutage(_ error: any Error) -> Bool {
        if let psql = error as? PSQLError {
            if [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed].contains(psql.code) { return true }
            // Class 08 (connection exception) and 57 (operator intervention: shutdown, starting up).
            if let state = psql.serverInfo?[.sqlState], state.hasPrefix("08") || state.hasPrefix("57") { return true }
            return false
        }
        if error is ConnectionPoolTimeoutError || error is NIOConnectionError { return true }
        if case ConnectionPoolError.shutdown? = error as? ConnectionPoolError { return true }
        if let channel = error as? ChannelError, [.ioOnClosedChannel, .alreadyClosed, .eof].contains(channel) { return true }
        return false
    }
}
