import CoreMetrics
import HTTPCore

/// What the worker reports about itself: pass timings and outcomes, runs counted, whether this process
/// holds the lease, and when a pass last succeeded, for `/metrics` and `/readyz`.
///
/// Series:
/// - `agent_metrics_worker_pass_duration_seconds` (histogram)
/// - `agent_metrics_worker_passes_total{result="success|failure"}`
/// - `agent_metrics_worker_counted_runs_total`
/// - `agent_metrics_worker_lease_holder` (1 while this process holds the lease)
/// - `agent_metrics_worker_last_success_timestamp_seconds`
/// - `agent_metrics_worker_lag_seconds` (seconds since the last successful pass, set on each scrape)
public final class WorkerMonitor: Sendable {
    private let passDuration = CoreMetrics.Timer(
        label: "agent_metrics_worker_pass_duration_seconds", preferredDisplayUnit: .seconds)
    private let successes = Counter(label: "agent_metrics_worker_passes_total", dimensions: [("result", "success")])
    private let failures = Counter(label: "agent_metrics_worker_passes_total", dimensions: [("result", "failure")])
    private let counted = Counter(label: "agent_metrics_worker_counted_runs_total")
    private let leaseHolder = Gauge(label: "agent_metrics_worker_lease_holder")
    private let lastSuccess = Gauge(label: "agent_metrics_worker_last_success_timestamp_seconds")
    private let lag = Gauge(label: "agent_metrics_worker_lag_seconds")
    /// Wall-clock milliseconds of the start and the last successful pass.
    private let times: LockedValue<(started: Int64, lastSuccess: Int64?)>
    private let clock: @Sendable () -> Int64

    /// - Parameter clock: wall-clock milliseconds.
    public init(clock: @escaping @Sendable () -> Int64 = WallClock.systemMilliseconds) {
        self.clock = clock
        times = LockedValue((clock(), nil))
    }

    /// A pass ended well after `durationNs`.
    func passSucceeded(_ report: PassReport, durationNs: UInt64) {
        let now = clock()
        times.withLock { $0.lastSuccess = now }
        passDuration.recordNanoseconds(Int64(clamping: durationNs))
        successes.increment()
        if report.countedRuns > 0 { counted.increment(by: report.countedRuns) }
        leaseHolder.record(report.leader ? 1 : 0)
        lastSuccess.record(Double(now) / 1000)
    }

    /// A pass failed after `durationNs`; the lease state is unknown, so it reads as not held.
    func passFailed(durationNs: UInt64) {
        passDuration.recordNanoseconds(Int64(clamping: durationNs))
        failures.increment()
        leaseHolder.record(0)
    }

    /// Milliseconds since the last successful pass, or since start when none has succeeded yet.
    public func millisecondsSinceLastSuccess() -> Int64 {
        let now = clock()
        let (started, last) = times.withLock { ($0.started, $0.lastSuccess) }
        return now - (last ?? started)
    }

    /// Sets the lag gauge; called before each scrape.
    public func updateLag() {
        lag.record(Double(millisecondsSinceLastSuccess()) / 1000)
    }
}
