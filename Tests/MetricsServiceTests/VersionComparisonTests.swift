import TestSupport
import Testing

@testable import MetricsService

struct VersionComparisonTests {
    static let configuration = ComparisonConfiguration()

    /// An aggregate of `runs` finished runs with the given failures, every runtime `runtime` seconds
    /// except every tenth, twice as long, and every cost `cost` dollars except every seventh, doubled.
    static func aggregate(runs: Int, failures: Int, runtime: Double = 10, cost: Double = 0.01) -> VersionAggregate {
        var aggregate = VersionAggregate(key: VersionKey(agentId: "a", version: "1"))
        for index in 0..<runs {
            aggregate.add(
                outcome: index < failures ? .failure : .success,
                runtimeMicros: RunSample.micros(index % 10 == 0 ? 2 * runtime : runtime),
                costMicros: RunSample.micros(index % 7 == 0 ? 2 * cost : cost), createdMs: 0)
        }
        return aggregate
    }

    @Test func belowTheMinimumRunsEveryMetricIsInsufficientAndUntested() {
        let base = Self.aggregate(runs: 199, failures: 0)
        let candidate = Self.aggregate(runs: 5_000, failures: 4_000, runtime: 100, cost: 1)
        let comparison = VersionComparison(base: base, candidate: candidate, configuration: Self.configuration)
        #expect(comparison.verdict == .insufficientData)
        for metric in comparison.metrics {
            #expect(metric.verdict == .insufficientData)
            #expect(metric.pValue == nil)
            #expect(metric.base != nil && metric.candidate != nil && metric.difference != nil)
        }
        #expect(comparison.metrics.map(\.metric) == ComparedMetric.allCases)
    }

    @Test func inProgressRunsDoNotCountTowardsTheMinimum() {
        var base = Self.aggregate(runs: 150, failures: 0)
        for _ in 0..<100 { base.add(outcome: .inProgress, runtimeMicros: nil, costMicros: 0, createdMs: 0) }
        let candidate = Self.aggregate(runs: 300, failures: 150)
        let comparison = VersionComparison(base: base, candidate: candidate, configuration: Self.configuration)
        #expect(comparison.metrics[0].verdict == .insufficientData)
    }

    @Test func clearRegressionsAreWorseAndImprovementsBetter() {
        let base = Self.aggregate(runs: 1_000, failures: 50)
        let candidate = Self.aggregate(runs: 1_000, failures: 150, runtime: 13, cost: 0.013)
        let worse = VersionComparison(base: base, candidate: candidate, configuration: Self.configuration)
        #expect(worse.metrics.map(\.verdict) == [.worse, .worse, .worse, .worse])
        #expect(worse.verdict == .worse)
        #expect(worse.metrics[0].base == 95 && worse.metrics[0].candidate == 85)
        #expect(worse.metrics[0].difference == -10)
        #expect(worse.metrics.allSatisfy { ($0.pValue ?? 1) < 0.005 })
        let better = VersionComparison(base: candidate, candidate: base, configuration: Self.configuration)
        #expect(better.metrics.map(\.verdict) == [.better, .better, .better, .better])
        #expect(better.verdict == .better)
    }

    @Test func oneWorseMetricMakesTheWholeComparisonWorse() {
        let base = Self.aggregate(runs: 1_000, failures: 50)
        let candidate = Self.aggregate(runs: 1_000, failures: 20, cost: 0.02)
        let comparison = VersionComparison(base: base, candidate: candidate, configuration: Self.configuration)
        #expect(comparison.metrics.map(\.verdict) == [.better, .noChange, .noChange, .worse])
        #expect(comparison.verdict == .worse)
    }

    /// A 2% slower mean over a million runs each is overwhelmingly significant but below the 5% minimum
    /// effect; a 10% slower one is not.
    @Test func hugeSamplesNeedTheMinimumPracticalEffect() {
        func moments(mean: Double) -> VersionAggregate {
            var aggregate = VersionAggregate(key: VersionKey(agentId: "a", version: "1"))
            let runs: Int128 = 1_000_000
            let meanMicros = Int128(mean * 1_000_000)
            // Standard deviation of half the mean: Σx² = n·(σ² + μ²).
            aggregate.totalRuns = runs
            aggregate.successes = runs
            aggregate.spendMicros = runs * meanMicros
            aggregate.costSquares = SquareSum(
                high: 0, low: UInt128(runs * (meanMicros * meanMicros + meanMicros * meanMicros / 4)))
            return aggregate
        }
        let base = moments(mean: 0.010)
        let slightly = VersionComparison(
            base: base, candidate: moments(mean: 0.0102), configuration: Self.configuration)
        #expect(slightly.metrics[3].pValue! < 1e-6)
        #expect(slightly.metrics[3].verdict == .noChange)
        let clearly = VersionComparison(base: base, candidate: moments(mean: 0.011), configuration: Self.configuration)
        #expect(clearly.metrics[3].verdict == .worse)
    }

    @Test func unknownSumsOfSquaresLeaveTheMeansInsufficientButNotTheRest() {
        var base = Self.aggregate(runs: 1_000, failures: 50)
        base.runtimeSquares = nil
        base.costSquares = nil
        let candidate = Self.aggregate(runs: 1_000, failures: 150, runtime: 13, cost: 0.013)
        let comparison = VersionComparison(base: base, candidate: candidate, configuration: Self.configuration)
        #expect(comparison.metrics.map(\.verdict) == [.worse, .insufficientData, .worse, .insufficientData])
        #expect(comparison.metrics[1].pValue == nil)
        #expect(comparison.metrics[1].base == 11)
    }

    @Test func unknownSquaresStayUnknownThroughMergesEitherWay() {
        var stored = Self.aggregate(runs: 10, failures: 0)
        stored.runtimeSquares = nil
        stored.merge(Self.aggregate(runs: 10, failures: 0))
        stored.add(outcome: .success, runtimeMicros: 5, costMicros: 5, createdMs: 0)
        #expect(stored.runtimeSquares == nil)
        #expect(stored.costSquares != nil)
        var known = Self.aggregate(runs: 10, failures: 0)
        known.merge(stored)
        #expect(known.runtimeSquares == nil)
        #expect(!ComparisonSample(known).squaresKnown)
    }

    /// The p95 test's threshold leaves about 5% of the pooled runs above it, whatever the bucketing.
    @Test func quantileThresholdSplitsThePooledRunsNearTheQuantile() {
        var generator = SeededGenerator(seed: 5)
        var base = LogHistogram()
        var candidate = LogHistogram()
        for _ in 0..<4_000 {
            base.record(Double.random(in: 1...100, using: &generator))
            candidate.record(Double.random(in: 1...100, using: &generator))
        }
        let above = QuantileExceedanceTest(base: base, candidate: candidate).exceedances()
        let share = Double(above.base + above.candidate) / 8_000
        #expect(abs(share - 0.05) < 0.005, "\(share)")
        var allZero = LogHistogram()
        for _ in 0..<300 { allZero.record(0) }
        #expect(QuantileExceedanceTest(base: allZero, candidate: allZero).pValues == .none)
    }
}
