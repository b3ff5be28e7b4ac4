import NIOConcurrencyHelpers
import Prometheus
import Vapor

/// The application's own Prometheus registry: no process-wide bootstrap, so test apps stay apart.
struct HTTPMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let answering = NIOLockedValueBox(0)

    /// Requests being answered now: what a stopping server waits for (`InFlightShutdown`).
    var inFlight: Int { answering.withLockedValue { $0 } }

    static var inFlightGauge: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "amity", subsystem: "http", metricName: "requests_in_flight", unitName: "", helpText: "HTTP requests being answered.") }

    func requestStarted() {
        let now = answering.withLockedValue { $0 += 1; return $0 }
        registry.makeGauge(descriptor: Self.inFlightGauge).set(Int64(now))
    }

    func requestEnded() {
        let now = answering.withLockedValue { $0 -= 1; return $0 }
        registry.makeGauge(descriptor: Self.inFlightGauge).set(Int64(now))
    }

    static var requests: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "amity", subsystem: "http", metricName: "requests", unitName: "total", helpText: "HTTP requests answered.") }
    static var duration: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "amity", subsystem: "http", metricName: "request_duration", unitName: "seconds", helpText: "Time to answer an HTTP request.") }

    func requestFinished(method: String, route: String, status: UInt, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(descriptor: Self.requests, labels: labels).increment()
        registry.makeDurationHistogram(
            descriptor: Self.duration, labels: [("method", method), ("route", route)],
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5)]
        ).recordNanoseconds(duration.nanoseconds)
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

/// Records every request by its route pattern (never its raw path, which would explode the label set).
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: HTTPMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        metrics.requestStarted()
        defer { metrics.requestEnded() }
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        metrics.requestFinished(method: request.method.rawValue, route: route, status: response.status.code,
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
