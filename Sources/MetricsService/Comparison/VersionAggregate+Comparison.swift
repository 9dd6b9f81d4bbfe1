/// The figures of an aggregate that `VersionComparison` tests.
extension VersionAggregate {
    /// Successes plus failures: the runs with a known outcome.
    public var finishedRuns: Int128 { successes + failures }

    /// Failures over finished runs (0...1); 0 without finished runs.
    var failureRate: Double {
        finishedRuns == 0 ? 0 : Double(failures) / Double(finishedRuns)
    }

    /// `successRate`, but nil rather than 0 without finished runs.
    var finishedSuccessRate: Double? { finishedRuns == 0 ? nil : successRate }

    /// `averageRuntime`, but nil rather than 0 without a runtime.
    var meanRuntime: Double? { runtimeCount == 0 ? nil : averageRuntime }

    /// Spend over every counted run in dollars; nil without runs.
    var costPerRun: Double? { totalRuns == 0 ? nil : Double(spendMicros) / Double(totalRuns) / 1_000_000 }

    /// `time_taken` as count, sum and sum of squares in microseconds; nil when the squares are unknown.
    var runtimeMoments: SampleMoments? {
        runtimeSquares.map { SampleMoments(count: runtimeCount, sum: runtimeMicros, squares: $0) }
    }

    /// Cost over every counted run, in micro-dollars; nil when the squares are unknown.
    var costMoments: SampleMoments? {
        costSquares.map { SampleMoments(count: totalRuns, sum: spendMicros, squares: $0) }
    }
}
