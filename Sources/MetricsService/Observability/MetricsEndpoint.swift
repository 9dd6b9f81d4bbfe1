import CoreMetrics
import HTTPCore

/// `GET /metrics`: the Prometheus text exposition (format 0.0.4) of everything the process emits through
/// swift-metrics, with the gauges that are read rather than counted (pool usage, worker lag, per-version
/// business series) brought up to date first.
///
/// The exposition itself comes from `Main`, which owns the metrics backend; this layer only emits through
/// CoreMetrics and never sees the registry.
public struct MetricsEndpoint: Sendable {
    /// The route; it needs a `read` key (`APIAccessPolicy`) unless `--metrics-open` is given.
    public static let path = "/metrics"
    /// The exposition format's content type.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    let exposition: @Sendable () -> [UInt8]
    let pool: MongoPool
    let dashboard: Dashboard
    let versions: VersionMetrics
    let monitor: @Sendable () -> WorkerMonitor?
    private let threadsInUse = Gauge(label: "agent_metrics_mongo_threads_in_use")
    private let queueLength = Gauge(label: "agent_metrics_mongo_queue_length")
    private let threads = Gauge(label: "agent_metrics_mongo_threads")
    private let circuitOpen = Gauge(label: "agent_metrics_mongo_circuit_open")

    /// Brings the read gauges up to date.
    func collect() {
        let usage = pool.usage
        threadsInUse.record(usage.running)
        queueLength.record(usage.waiting)
        threads.record(pool.configuration.threadCount)
        circuitOpen.record(pool.isRefusingCalls ? 1 : 0)
        monitor()?.updateLag()
        versions.update(dashboard.currentSnapshot())
    }

    /// The response to a scrape.
    func response() -> HTTPResponse {
        collect()
        return HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", Self.contentType)]), body: exposition())
    }

    /// Registers `GET /metrics`.
    func register(in router: inout Router) {
        router.get(Self.path, immediate: { _ in response() })
    }
}
