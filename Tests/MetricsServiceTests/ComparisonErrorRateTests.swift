import TestSupport
import Testing

@testable import MetricsService

/// The error rates issue 13 specifies, measured on simulated runs through `VersionComparison` and the
/// worker's own counting (`VersionAggregate.add`: micro-unit rounding and the runtime histogram).
/// Fixed seeds, so every run of the suite measures the same numbers.
struct ComparisonErrorRateTests {
    static let configuration = ComparisonConfiguration()

    /// 500 A/A comparisons at 200 to 5,000 runs each (drawn independently per version, so sizes are
    /// often very unequal), over a spread of distributions: success 80%, 95% or 99% (rare failures
    /// take Fisher's branch), runtime and cost lognormal with σ 0.5 or 1.0 (skewed, heavy-tailed).
    @Test func unchangedVersionsAreCalledWorseAtMostOnePercentOfTheTimePerMetric() {
        var generator = SeededGenerator(seed: 13)
        var worse: [ComparedMetric: Int] = [:]
        var overallWorse = 0
        let comparisons = 500
        for _ in 0..<comparisons {
            let version = SimulatedVersion(
                successRate: [0.80, 0.95, 0.99].randomElement(using: &generator)!,
                runtimeSigma: [0.5, 1.0].randomElement(using: &generator)!,
                costSigma: [0.5, 1.0].randomElement(using: &generator)!)
            let base = version.aggregate(runs: Int.random(in: 200...5_000, using: &generator), using: &generator)
            let candidate = version.aggregate(runs: Int.random(in: 200...5_000, using: &generator), using: &generator)
            let comparison = VersionComparison(base: base, candidate: candidate, configuration: Self.configuration)
            for metric in comparison.metrics where metric.verdict == .worse { worse[metric.metric, default: 0] += 1 }
            if comparison.verdict == .worse { overallWorse += 1 }
        }
        print("A/A worse verdicts of \(comparisons): \(worse), overall \(overallWorse)")
        for metric in ComparedMetric.allCases {
            #expect(worse[metric, default: 0] <= comparisons / 100, "\(metric): \(worse[metric, default: 0])")
        }
    }

    /// How often `trials` comparisons of `runs` runs each call the candidate worse on `metric`.
    static func power(
        _ metric: ComparedMetric, runs: Int, trials: Int, seed: UInt64, base: SimulatedVersion,
        candidate: SimulatedVersion
    ) -> Double {
        var generator = SeededGenerator(seed: seed)
        var worse = 0
        for _ in 0..<trials {
            let comparison = VersionComparison(
                base: base.aggregate(runs: runs, using: &generator),
                candidate: candidate.aggregate(runs: runs, using: &generator), configuration: configuration)
            if comparison.metrics.first(where: { $0.metric == metric })?.verdict == .worse { worse += 1 }
        }
        print("power of \(metric) at \(runs) runs each: \(worse)/\(trials)")
        return Double(worse) / Double(trials)
    }

    @Test func successDropFrom95To90PercentIsFoundAtAThousandRuns() {
        let power = Self.power(
            .successRate, runs: 1_000, trials: 400, seed: 1, base: SimulatedVersion(successRate: 0.95),
            candidate: SimulatedVersion(successRate: 0.90))
        #expect(power >= 0.90)
    }

    /// Every runtime 20% longer, so p95 is 20% higher (lognormal, σ = 0.5: p95 ≈ 2.3 × the median).
    @Test func p95TwentyPercentSlowerIsFoundAtTwoThousandRuns() {
        let power = Self.power(
            .p95Runtime, runs: 2_000, trials: 300, seed: 2, base: SimulatedVersion(runtimeMedian: 20),
            candidate: SimulatedVersion(runtimeMedian: 24))
        #expect(power >= 0.90)
    }

    /// Every cost 15% higher (lognormal, σ = 0.5: coefficient of variation 0.53).
    @Test func costPerRunFifteenPercentHigherIsFoundAtAThousandRuns() {
        let power = Self.power(
            .costPerRun, runs: 1_000, trials: 300, seed: 3, base: SimulatedVersion(costMedian: 0.02),
            candidate: SimulatedVersion(costMedian: 0.023))
        #expect(power >= 0.90)
    }
}
