/// The operational endpoints' settings, built once in `Main`.
public struct ObservabilityConfiguration: Sendable {
    /// Renders the Prometheus exposition (the bootstrapped registry); nil serves no `/metrics`.
    public var exposition: (@Sendable () -> [UInt8])?
    /// `/metrics` without a key; otherwise, with a keys file, it needs the `read` scope (`APIAccessPolicy`).
    public var metricsOpen = false
    /// The most agent versions with business series (the most recently active ones).
    public var maxVersions = 500
    /// How long a database ping answers `/readyz` before the next one.
    public var readinessCacheMs: Int64 = 1000
    /// The worker is stale after this many intervals without a successful pass.
    public var workerStaleIntervals = 3

    public init(exposition: (@Sendable () -> [UInt8])? = nil, metricsOpen: Bool = false, maxVersions: Int = 500) {
        self.exposition = exposition
        self.metricsOpen = metricsOpen
        self.maxVersions = maxVersions
    }
}
