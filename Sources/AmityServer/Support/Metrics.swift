import NIOConcurrencyHelpers
import Prometheus
import Vapor

/// The application's own Prometheus registry: no process-wide bootstrap, so test apps stay apart.
struct HTTPMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let answering = NIOLockedValueBox(0)
    private let inFlightGauge: Gauge
    /// Each kind of answer's instruments, made once: the registry's own look-up by name and labels
    /// cost more per request than the route's rate limit (Benchmarks/README.md, rationing, item 30).
    private let instruments = NIOLockedValueBox([Answered: Instruments]())

    /// A kind of answer as counted: its route by identity (the instruments keep the route alive, so
    /// the identity is never reused), its method and its status.
    private struct Answered: Hashable {
        var route: ObjectIdentifier?, method: String, status: UInt
    }

    private struct Instruments {
        var route: Route?, requests: Counter, duration: DurationHistogram
    }

    init() {
        inFlightGauge = registry.makeGauge(descriptor: Self.inFlightGauge)
    }

    /// Requests being answered now: what a stopping server waits for (`InFlightShutdown`).
    var inFlight: Int { answering.withLockedValue { $0 } }

    static var inFlightGauge: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "amity", subsystem: "http", metricName: "requests_in_flight", unitName: "", helpText: "HTTP requests being answered.") }

    func requestStarted() {
        inFlightGauge.set(Int64(answering.withLockedValue { $0 += 1; return $0 }))
    }

    func requestEnded() {
        inFlightGauge.set(Int64(answering.withLockedValue { $0 -= 1; return $0 }))
    }

    static var requests: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "amity", subsystem: "http", metricName: "requests", unitName: "total", helpText: "HTTP requests answered.") }
    static var duration: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "amity", subsystem: "http", metricName: "request_duration", unitName: "seconds", helpText: "Time to answer an HTTP request.") }
    static let buckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5)]

    /// Counts a request answered by `route` (nil when none matched), labelled by the route's pattern,
    /// never its raw path, which would explode the label set.
    func requestFinished(method: String, route: Route?, status: UInt, duration: Duration) {
        let answered = Answered(route: route.map(ObjectIdentifier.init), method: method, status: status)
        let made = instruments.withLockedValue { $0[answered] } ?? instruments(for: answered, route: route)
        made.requests.increment()
        made.duration.recordNanoseconds(duration.nanoseconds)
    }

    private func instruments(for answered: Answered, route: Route?) -> Instruments {
        let label = route?.pattern ?? "unmatched"
        let made = Instruments(
            route: route,
            requests: registry.makeCounter(descriptor: Self.requests, labels: [("method", answered.method), ("route", label), ("status", String(answered.status))]),
            duration: registry.makeDurationHistogram(descriptor: Self.duration, labels: [("method", answered.method), ("route", label)], buckets: Self.buckets))
        instruments.withLockedValue { $0[answered] = made }
        return made
    }
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = HTTPMetrics }

    /// Request counts and durations, served at `/metrics`.
    var httpMetrics: HTTPMetrics {
        if let metrics = storage[MetricsKey.self] { return metrics }
        let metrics = HTTPMetrics()
        storage[MetricsKey.self] = metrics
        return metrics
    }
}

/// Records every request by its route (`HTTPMetrics.requestFinished`).
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: HTTPMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        metrics.requestStarted()
        defer { metrics.requestEnded() }
        let response = try await next.respond(to: request)
        metrics.requestFinished(method: request.method.rawValue, route: request.route, status: response.status.code,
                                duration: ContinuousClock.now - start)
        return response
    }
}

/// Lets the requests still being answered finish (for up to 10 s) before the database closes: a
/// server stopped under load otherwise closes Fluent's pool under a running request, which traps.
/// Registered last, so it shuts down first.
struct InFlightShutdown: LifecycleHandler {
    var patience: Duration = .seconds(10)

    func shutdownAsync(_ application: Application) async {
        let deadline = ContinuousClock.now + patience
        while application.httpMetrics.inFlight > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
