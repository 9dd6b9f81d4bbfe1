import CoreMetrics

/// One loop's metric handles, resolved once and then only incremented: a request costs an array lookup
/// and atomic adds (one short per-histogram lock for its latency), never a metric lookup by name or the
/// metrics system's own lock.
///
/// Loop-confined, like `LoopContext`, which owns it. Handles for a route and status class are made the
/// first time that pair is answered; the factory returns the same series to every loop, so loops share
/// series but not these tables. Byte counts are added up in plain integers and flushed by the loop's
/// sweep, since they change on every read and write.
///
/// Series (names as Prometheus shows them):
/// - `agent_metrics_http_requests_total{method,route,status_class}`
/// - `agent_metrics_http_request_duration_seconds{method,route}` (histogram)
/// - `agent_metrics_http_denied_requests_total{status}` for 401, 403 and 429, present from start-up
/// - `agent_metrics_http_open_connections`
/// - `agent_metrics_http_received_bytes_total`, `agent_metrics_http_sent_bytes_total` (on the wire)
/// - `agent_metrics_tls_handshakes_total`, `agent_metrics_tls_handshake_failures_total{reason}`
final class HTTPMetrics {
    static let statusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"]
    static let deniedStatuses = [401, 403, 429]

    private let tags: [RouteTag]
    /// `[route index][status class]`.
    private var requests: [[Counter?]]
    private var durations: [CoreMetrics.Timer?]
    private let denied: [Counter]
    let openConnections = Meter(label: "agent_metrics_http_open_connections")
    private let receivedCounter = Counter(label: "agent_metrics_http_received_bytes_total")
    private let sentCounter = Counter(label: "agent_metrics_http_sent_bytes_total")
    let handshakes = Counter(label: "agent_metrics_tls_handshakes_total")
    let handshakeErrors = Counter(
        label: "agent_metrics_tls_handshake_failures_total", dimensions: [("reason", "error")])
    let handshakeTimeouts = Counter(
        label: "agent_metrics_tls_handshake_failures_total", dimensions: [("reason", "timeout")])

    /// Bytes read and written since the last `flush`.
    var receivedBytes = 0
    var sentBytes = 0

    /// Handles for the routes in `tags` (index 0 is taken as `RouteTag.unrouted` whatever it holds).
    init(tags: [RouteTag]) {
        var tags = tags
        if tags.isEmpty { tags = [.unrouted] } else { tags[0] = .unrouted }
        self.tags = tags
        requests = Array(repeating: Array(repeating: nil, count: Self.statusClasses.count), count: tags.count)
        durations = Array(repeating: nil, count: tags.count)
        denied = Self.deniedStatuses.map {
            Counter(label: "agent_metrics_http_denied_requests_total", dimensions: [("status", String($0))])
        }
    }

    /// Counts one answered request; `durationNs` nil leaves the latency histogram alone (a request that
    /// was never dispatched has no handling time).
    func record(routeIndex: Int, status: Int, durationNs: UInt64?) {
        let route = routeIndex >= 0 && routeIndex < tags.count ? routeIndex : 0
        let statusClass = min(max(status / 100, 1), 5) - 1
        if let counter = requests[route][statusClass] {
            counter.increment()
        } else {
            let counter = Counter(
                label: "agent_metrics_http_requests_total",
                dimensions: [
                    ("method", tags[route].method), ("route", tags[route].pattern),
                    ("status_class", Self.statusClasses[statusClass]),
                ])
            requests[route][statusClass] = counter
            counter.increment()
        }
        if status == 401 || status == 403 || status == 429 {
            denied[status == 401 ? 0 : status == 403 ? 1 : 2].increment()
        }
        guard let durationNs else { return }
        let timer: CoreMetrics.Timer
        if let existing = durations[route] {
            timer = existing
        } else {
            timer = CoreMetrics.Timer(
                label: "agent_metrics_http_request_duration_seconds",
                dimensions: [("method", tags[route].method), ("route", tags[route].pattern)],
                preferredDisplayUnit: .seconds)
            durations[route] = timer
        }
        timer.recordNanoseconds(Int64(clamping: durationNs))
    }

    /// The pattern of route `index`, `unrouted` when out of range.
    func pattern(of index: Int) -> String {
        index > 0 && index < tags.count ? tags[index].pattern : RouteTag.unrouted.pattern
    }

    /// Adds the byte counts gathered since the last call to the shared counters.
    func flush() {
        if receivedBytes > 0 {
            receivedCounter.increment(by: Int64(receivedBytes))
            receivedBytes = 0
        }
        if sentBytes > 0 {
            sentCounter.increment(by: Int64(sentBytes))
            sentBytes = 0
        }
    }
}
