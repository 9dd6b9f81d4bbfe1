import CoreMetrics
import Prometheus

/// Installs swift-prometheus as the process's swift-metrics backend (once, from `ServerCommand.run`) and
/// hands back what `/metrics` renders.
enum PrometheusBootstrap {
    /// Latency buckets for every swift-metrics `Timer` (request, pool wait and worker pass durations):
    /// from 100 µs, where `/healthz` answers, to 30 s, past the longest database wait.
    static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30),
    ]

    /// Bootstraps the metrics system with a fresh registry and returns its exposition renderer.
    static func bootstrap() -> @Sendable () -> [UInt8] {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets
        MetricsSystem.bootstrap(factory)
        return { registry.emitToBuffer() }
    }
}
