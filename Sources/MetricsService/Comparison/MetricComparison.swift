/// One metric of a comparison: both values, their difference, the p-value and the verdict.
public struct MetricComparison: Sendable, Equatable {
    public var metric: ComparedMetric
    /// nil when the version has no run the metric is measured on.
    public var base: Double?
    public var candidate: Double?
    /// The two-sided p-value (`OneSidedPValues.twoSided`); nil when the metric was not tested.
    public var pValue: Double?
    public var verdict: ComparisonVerdict

    /// `candidate − base`, when both exist.
    public var difference: Double? {
        guard let base, let candidate else { return nil }
        return candidate - base
    }
}
