/// The sums of a set of runs that a time bucket keeps, and that a window of buckets adds up to: outcomes,
/// runtime and cost moments, and the runtime histogram for percentiles.
///
/// Integer sums (`Int128`, `SquareSum`) and histogram counts, for the reason `VersionAggregate` gives: they
/// merge exactly in any order, so a bucket does not depend on how runs were split into passes.
public struct RunSums: Sendable, Equatable {
    public var runs: Int128 = 0
    public var successes: Int128 = 0
    public var failures: Int128 = 0
    /// Microseconds, over the runs that carried a `time_taken`.
    public var runtime = MomentSums()
    /// Micro-dollars, over every run (a run without a cost counts as 0, as in the aggregates).
    public var cost = MomentSums()
    /// Runtimes in seconds, as `VersionAggregate` keeps them.
    public var runtimeHistogram = LogHistogram()

    public init() {}

    public mutating func add(_ run: RunSample) {
        runs += 1
        switch run.outcome {
        case .success: successes += 1
        case .failure: failures += 1
        case .inProgress: break
        }
        if let runtime = run.runtimeMicros {
            self.runtime.add(runtime)
            runtimeHistogram.record(Double(runtime) / 1_000_000)
        }
        cost.add(run.costMicros)
    }

    public mutating func merge(_ other: RunSums) {
        runs += other.runs
        successes += other.successes
        failures += other.failures
        runtime.merge(other.runtime)
        cost.merge(other.cost)
        runtimeHistogram.merge(other.runtimeHistogram)
    }

    /// successes / (successes + failures) in percent, as `agent_versions` reports it; nil without a finished run.
    public var successRate: Double? {
        let finished = successes + failures
        return finished > 0 ? Double(successes) * 100 / Double(finished) : nil
    }

    /// Mean runtime in seconds; nil when no run reported one.
    public var averageRuntime: Double? { runtime.mean.map { $0 / 1_000_000 } }

    /// Runtime percentile in seconds (q in 0...1, within 1%); nil when no run reported a runtime.
    public func runtimePercentile(_ q: Double) -> Double? {
        runtime.count > 0 ? runtimeHistogram.quantile(q) : nil
    }

    /// Total cost in dollars.
    public var totalCost: Double { Double(cost.sum) / 1_000_000 }
}
