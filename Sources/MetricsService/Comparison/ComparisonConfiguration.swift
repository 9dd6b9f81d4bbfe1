/// The thresholds of version comparisons (see `VersionComparison` for the methods they feed).
public struct ComparisonConfiguration: Sendable, Equatable {
    /// Finished runs each version needs before any metric is judged (`--compare-min-runs`); runtime
    /// metrics also need this many runs that reported a `time_taken`.
    public var minimumRuns: Int
    /// The level of each one-sided test. 0.0025 is 0.01 shared (Bonferroni) by the four metrics, so
    /// even the overall verdict, worse if any metric is, calls an unchanged version worse at most 1% of
    /// the time; each metric alone at most 0.25%.
    public var alpha: Double
    /// The smallest relative change of a mean or of p95 that counts (0.05: 5%), so huge samples do not
    /// turn differences nobody would act on into verdicts.
    public var minimumRelativeChange: Double
    /// The smallest ratio of failure rates that counts for success rate (1.10: the candidate fails at
    /// least 10% more often than the base, e.g. 5.0% → 5.5%; for `better`, 10% less often).
    public var minimumFailureRatio: Double

    public static let defaultMinimumRuns = 200

    public init(
        minimumRuns: Int = Self.defaultMinimumRuns, alpha: Double = 0.0025, minimumRelativeChange: Double = 0.05,
        minimumFailureRatio: Double = 1.10
    ) {
        self.minimumRuns = max(2, minimumRuns)
        self.alpha = alpha
        self.minimumRelativeChange = minimumRelativeChange
        self.minimumFailureRatio = minimumFailureRatio
    }
}
