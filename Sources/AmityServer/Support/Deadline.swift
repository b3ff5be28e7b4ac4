import NIOConcurrencyHelpers
import NIOCore

/// Work that took longer than it may: it was given up and its caller went on.
struct DeadlinePassed: Error, CustomStringConvertible {
    /// How long the work had.
    let limit: Duration

    var description: String { "The work was given up after \(limit)." }
}

/// Runs `work`, but answers `DeadlinePassed` once `limit` has passed without waiting for it to end.
/// Cancelling the caller cancels the work and gives it `grace` to end before the caller goes on.
///
/// Why not a task group: a group waits for every child, and the work this guards against cannot
/// be cancelled. postgres-nio 1.33 writes a query to a connection that the server has just closed
/// without failing the query's promise, so the query waits for ever (seen in the outage drill when
/// PostgreSQL stops between two statements of one request). Such work is cancelled and left behind;
/// it holds no connection, since its own is closed.
func withDeadline<T: Sendable>(_ limit: Duration, grace: Duration = .seconds(5), on eventLoop: any EventLoop,
                               _ work: @escaping @Sendable () async throws -> T) async throws -> T {
    let waiting = NIOLockedValueBox<CheckedContinuation<T, any Error>?>(nil)
    let worker = NIOLockedValueBox<Task<Void, Never>?>(nil)
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            waiting.withLockedValue { $0 = continuation }
            let timer = eventLoop.scheduleTask(in: TimeAmount(limit)) {
                guard let continuation = waiting.withLockedValue({ $0.take() }) else { return }
                worker.withLockedValue { $0?.cancel() }
                continuation.resume(throwing: DeadlinePassed(limit: limit))
            }
            let task = Task {
                let result: Result<T, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                timer.cancel()
                waiting.withLockedValue { $0.take() }?.resume(with: result)
            }
            worker.withLockedValue { $0 = task }
        }
    } onCancel: {
        worker.withLockedValue { $0?.cancel() }
        eventLoop.scheduleTask(in: TimeAmount(grace)) {
            waiting.withLockedValue { $0.take() }?.resume(throwing: CancellationError())
        }
    }
}

extension TimeAmount {
    /// The same span in NIO's units.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
