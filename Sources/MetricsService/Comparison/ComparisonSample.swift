/// What `VersionComparison` needs of one version's runs: outcomes, runtime and cost moments, and the
/// runtime histogram. Built from a version's all-time aggregate or from its time buckets in a window.
public struct ComparisonSample: Sendable, Equatable {
    public var successes: Int128
    public var failures: Int128
    /// Microseconds, over the runs that reported a `time_taken`.
    public var runtime: MomentSums
    /// Micro-dollars, over every run.
    public var cost: MomentSums
    /// False for an aggregate stored before sums of squares existed: its means are not tested.
    public var squaresKnown: Bool
    public var runtimeHistogram: LogHistogram

    /// A version's all-time aggregate.
    public init(_ aggregate: VersionAggregate) {
        successes = aggregate.successes
        failures = aggregate.failures
        runtime = MomentSums(
            count: aggregate.runtimeCount, sum: aggregate.runtimeMicros,
            squares: aggregate.runtimeSquares ?? SquareSum())
        cost = MomentSums(
            count: aggregate.totalRuns, sum: aggregate.spendMicros, squares: aggregate.costSquares ?? SquareSum())
        squaresKnown = aggregate.runtimeSquares != nil && aggregate.costSquares != nil
        runtimeHistogram = aggregate.runtimeHistogram
    }

    /// A version's runs in a window of time buckets.
    public init(_ sums: RunSums) {
        successes = sums.successes
        failures = sums.failures
        runtime = sums.runtime
        cost = sums.cost
        squaresKnown = true
        runtimeHistogram = sums.runtimeHistogram
    }

    /// Successes plus failures: the runs with a known outcome.
    public var finishedRuns: Int128 { successes + failures }

    /// Failures over finished runs (0...1); 0 without finished runs.
    var failureRate: Double { finishedRuns == 0 ? 0 : Double(failures) / Double(finishedRuns) }

    /// Successes over finished runs in percent, as `agent_versions` reports it; nil without finished runs.
    var successRate: Double? { finishedRuns == 0 ? nil : Double(successes) * 100 / Double(finishedRuns) }

    /// Mean runtime in seconds; nil without a runtime.
    var meanRuntime: Double? { runtime.mean.map { $0 / 1_000_000 } }

    /// p95 runtime in seconds (within 1%, see `LogHistogram`); nil without a runtime.
    var p95Runtime: Double? { runtime.count > 0 ? runtimeHistogram.quantile(0.95) : nil }

    /// Spend over runs in dollars; nil without runs.
    var costPerRun: Double? { cost.mean.map { $0 / 1_000_000 } }
}
