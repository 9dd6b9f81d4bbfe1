/// Is the candidate version worse than the base? Four metrics, each judged by a one-sided test in
/// each direction at `alpha`, and by a minimum practical effect:
///
/// - `successRate`: `ProportionTest` on failures over finished runs (z-test; Fisher's exact when sparse);
///   worse when failure rate × `minimumFailureRatio` or more.
/// - `avgRuntime`: `WelchTest` on `time_taken` (count, sum, sum of squares); worse when
///   mean × (1 + `minimumRelativeChange`) or more.
/// - `p95Runtime`: `QuantileExceedanceTest` on the runtime histograms; worse when
///   p95 × (1 + `minimumRelativeChange`) or more.
/// - `costPerRun`: `WelchTest` on cost over all runs; worse when mean × (1 + `minimumRelativeChange`) or more.
///
/// `better` mirrors `worse`. A metric is `insufficient_data`, untested, unless both versions have at
/// least `minimumRuns` finished runs (and, for runtimes, that many runs with a `time_taken`), and its
/// sums of squares are known (aggregates stored before they existed lack them until `--rebuild`).
///
/// Error rates, measured by `ComparisonErrorRateTests` through these functions with runs bucketed as
/// the worker buckets them: an unchanged version is called worse on ≤ 0.25% of comparisons per metric
/// (at most 1% overall, by Bonferroni); a drop from 95% to 90% success at 1,000 runs each, a 20% slower
/// p95 at 2,000 each (lognormal runtimes, σ = 0.5) and a 15% higher mean cost at 1,000 each (lognormal,
/// σ = 0.5) are each called worse at least 90% of the time. Spreadier metrics need more runs: for a
/// mean, n ≈ 2·(z₁₋α + z₀.₉)²·CV²/δ² per version for 90% power (CV the coefficient of variation,
/// δ the relative change).
public struct VersionComparison: Sendable, Equatable {
    /// One per `ComparedMetric`, in its order.
    public var metrics: [MetricComparison]
    public var verdict: ComparisonVerdict

    public init(base: ComparisonSample, candidate: ComparisonSample, configuration: ComparisonConfiguration) {
        let judge = Judge(base: base, candidate: candidate, configuration: configuration)
        metrics = ComparedMetric.allCases.map(judge.compare)
        verdict = ComparisonVerdict.overall(metrics.map(\.verdict))
    }

    /// Two versions' all-time aggregates.
    public init(base: VersionAggregate, candidate: VersionAggregate, configuration: ComparisonConfiguration) {
        self.init(base: ComparisonSample(base), candidate: ComparisonSample(candidate), configuration: configuration)
    }

    /// Judges one metric; the shared gate and effect rules live here once.
    private struct Judge {
        let base: ComparisonSample
        let candidate: ComparisonSample
        let configuration: ComparisonConfiguration

        func compare(_ metric: ComparedMetric) -> MetricComparison {
            let minimum = Int128(configuration.minimumRuns)
            let enoughFinished = min(base.finishedRuns, candidate.finishedRuns) >= minimum
            let enoughRuntimes = enoughFinished && min(base.runtime.count, candidate.runtime.count) >= minimum
            let squaresKnown = base.squaresKnown && candidate.squaresKnown
            switch metric {
            case .successRate:
                let (baseRate, candidateRate) = (base.failureRate, candidate.failureRate)
                return judged(
                    metric, values: (base.successRate, candidate.successRate), enough: enoughFinished,
                    test: {
                        ProportionTest(
                            baseEvents: base.failures, baseTrials: base.finishedRuns,
                            candidateEvents: candidate.failures, candidateTrials: candidate.finishedRuns
                        ).pValues
                    },
                    worseEnough: {
                        candidateRate > baseRate && candidateRate >= baseRate * configuration.minimumFailureRatio
                    },
                    betterEnough: {
                        candidateRate < baseRate && candidateRate * configuration.minimumFailureRatio <= baseRate
                    })
            case .avgRuntime:
                return higherIsWorse(
                    metric, values: (base.meanRuntime, candidate.meanRuntime), enough: enoughRuntimes && squaresKnown,
                    test: { WelchTest(base: base.runtime, candidate: candidate.runtime).pValues })
            case .p95Runtime:
                return higherIsWorse(
                    metric, values: (base.p95Runtime, candidate.p95Runtime), enough: enoughRuntimes,
                    test: {
                        QuantileExceedanceTest(base: base.runtimeHistogram, candidate: candidate.runtimeHistogram)
                            .pValues
                    })
            case .costPerRun:
                return higherIsWorse(
                    metric, values: (base.costPerRun, candidate.costPerRun), enough: enoughFinished && squaresKnown,
                    test: { WelchTest(base: base.cost, candidate: candidate.cost).pValues })
            }
        }

        /// A metric whose higher values are worse, judged with the minimum relative change.
        private func higherIsWorse(
            _ metric: ComparedMetric, values: (Double?, Double?), enough: Bool, test: () -> OneSidedPValues
        ) -> MetricComparison {
            judged(
                metric, values: values, enough: enough, test: test,
                worseEnough: { relativelyHigher(values.1, than: values.0) },
                betterEnough: { relativelyHigher(values.0, than: values.1) })
        }

        /// Whether `value` exceeds `reference` by at least the minimum relative change.
        private func relativelyHigher(_ value: Double?, than reference: Double?) -> Bool {
            guard let value, let reference else { return false }
            return value > reference && value >= reference * (1 + configuration.minimumRelativeChange)
        }

        private func judged(
            _ metric: ComparedMetric, values: (Double?, Double?), enough: Bool, test: () -> OneSidedPValues,
            worseEnough: () -> Bool, betterEnough: () -> Bool
        ) -> MetricComparison {
            guard enough else {
                return MetricComparison(
                    metric: metric, base: values.0, candidate: values.1, pValue: nil, verdict: .insufficientData)
            }
            let pValues = test()
            let verdict: ComparisonVerdict =
                if pValues.worse < configuration.alpha && worseEnough() {
                    .worse
                } else if pValues.better < configuration.alpha && betterEnough() {
                    .better
                } else {
                    .noChange
                }
            return MetricComparison(
                metric: metric, base: values.0, candidate: values.1, pValue: pValues.twoSided, verdict: verdict)
        }
    }
}
