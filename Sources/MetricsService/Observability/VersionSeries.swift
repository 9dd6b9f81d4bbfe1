import CoreMetrics

/// The gauges of one agent version (see `VersionMetrics`).
final class VersionSeries {
    private let runs: [(RunOutcome, Gauge)]
    private let spend: Gauge
    private let labels: [(String, String)]
    private var successRatio: Gauge?
    private var regression: Gauge?
    private let runtimeBuckets: [Gauge]
    private let runtimeSum: Gauge
    private let runtimeCount: Gauge
    private let lastRun: Gauge
    private let created: Gauge

    static func labels(_ row: VersionRow) -> [(String, String)] {
        [("agent", row.agentName), ("agent_id", row.version.agentId), ("version", row.version.version)]
    }

    init(row: VersionRow) {
        let labels = Self.labels(row)
        self.labels = labels
        runs = [RunOutcome.success, .failure, .inProgress].map {
            ($0, Gauge(label: "agent_metrics_version_runs", dimensions: labels + [("outcome", $0.metricLabel)]))
        }
        spend = Gauge(label: "agent_metrics_version_spend_dollars", dimensions: labels)
        runtimeBuckets =
            VersionMetrics.runtimeBuckets.map {
                Gauge(label: "agent_metrics_version_runtime_seconds_bucket", dimensions: labels + [("le", "\($0)")])
            } + [Gauge(label: "agent_metrics_version_runtime_seconds_bucket", dimensions: labels + [("le", "+Inf")])]
        runtimeSum = Gauge(label: "agent_metrics_version_runtime_seconds_sum", dimensions: labels)
        runtimeCount = Gauge(label: "agent_metrics_version_runtime_seconds_count", dimensions: labels)
        lastRun = Gauge(label: "agent_metrics_version_last_run_timestamp_seconds", dimensions: labels)
        created = Gauge(label: "agent_metrics_version_created_timestamp_seconds", dimensions: labels)
    }

    func set(_ row: VersionRow) {
        let aggregate = row.aggregate
        for (outcome, gauge) in runs {
            switch outcome {
            case .success: gauge.record(Double(aggregate.successes))
            case .failure: gauge.record(Double(aggregate.failures))
            case .inProgress: gauge.record(Double(aggregate.totalRuns - aggregate.successes - aggregate.failures))
            }
        }
        spend.record(aggregate.spend)
        let finished = aggregate.successes + aggregate.failures
        if finished > 0 {
            let gauge = successRatio ?? Gauge(label: "agent_metrics_version_success_ratio", dimensions: labels)
            successRatio = gauge
            gauge.record(Double(aggregate.successes) / Double(finished))
        }
        let cumulative = Self.cumulativeCounts(aggregate.runtimeHistogram, bounds: VersionMetrics.runtimeBuckets)
        for (gauge, count) in zip(runtimeBuckets, cumulative) { gauge.record(Double(count)) }
        runtimeBuckets.last?.record(Double(aggregate.runtimeHistogram.count))
        runtimeSum.record(Double(aggregate.runtimeMicros) / 1_000_000)
        runtimeCount.record(Double(aggregate.runtimeCount))
        setRegression(row.regression?.verdict)
        if let last = aggregate.lastSeenMs { lastRun.record(Double(last) / 1000) }
        created.record(Double(row.version.createdMs) / 1000)
    }

    /// 1 worse, 0 no change, −1 better; no series without a regression or while its data are insufficient, so
    /// `agent_metrics_version_regression == 1` lists exactly the versions judged worse.
    private func setRegression(_ verdict: ComparisonVerdict?) {
        let value: Double? =
            switch verdict {
            case .worse: 1
            case .noChange: 0
            case .better: -1
            case .insufficientData, nil: nil
            }
        guard let value else {
            regression?.destroy()
            regression = nil
            return
        }
        let gauge = regression ?? Gauge(label: "agent_metrics_version_regression", dimensions: labels)
        regression = gauge
        gauge.record(value)
    }

    /// Values at or below each bound: a log bucket counts under a bound when its representative value does.
    static func cumulativeCounts(_ histogram: LogHistogram, bounds: [Double]) -> [Int128] {
        let sorted = histogram.buckets.sorted { $0.key < $1.key }
        return bounds.map { bound in
            var total = histogram.zeroCount
            for (index, count) in sorted where LogHistogram.representative(of: index) <= bound { total += count }
            return total
        }
    }

    func destroy() {
        for (_, gauge) in runs { gauge.destroy() }
        spend.destroy()
        successRatio?.destroy()
        regression?.destroy()
        for gauge in runtimeBuckets { gauge.destroy() }
        runtimeSum.destroy()
        runtimeCount.destroy()
        lastRun.destroy()
        created.destroy()
    }
}

extension RunOutcome {
    /// The `outcome` label value.
    fileprivate var metricLabel: String {
        switch self {
        case .success: "success"
        case .failure: "failure"
        case .inProgress: "in_progress"
        }
    }
}
