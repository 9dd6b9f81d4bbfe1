/// The metrics a comparison judges, each with the direction that counts as worse.
public enum ComparedMetric: String, Sendable, CaseIterable {
    /// Successes over finished runs, in percent; lower is worse.
    case successRate
    /// Mean `time_taken` in seconds; higher is worse.
    case avgRuntime
    /// 95th percentile of `time_taken` in seconds; higher is worse.
    case p95Runtime
    /// Spend over runs, in dollars; higher is worse.
    case costPerRun
}
