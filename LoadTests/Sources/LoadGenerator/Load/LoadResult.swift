/// What a run measured, merged over all worker threads.
public struct LoadResult: Sendable {
    public var configuration: LoadConfiguration
    public var statistics: LoadStatistics
    /// Length of the measured window, in seconds (mean over workers).
    public var elapsedSeconds: Double
    /// Ingest and mixed: runs acknowledged over the whole run (warm-up and drain included).
    public var acknowledged: AcknowledgedRuns?
    /// Ingest and mixed: what verification found (nil when skipped).
    public var verification: RunVerifier.Result?
    /// `connections`: connections that were established, closed by the server during the hold, and failed.
    public var held: (established: Int, closedByServer: Int, failed: Int)?

    /// Complete responses per second in the measured window.
    public var throughput: Double { elapsedSeconds > 0 ? Double(statistics.requests) / elapsedSeconds : 0 }

    /// Lost runs: acknowledged but not found by verification.
    public var lostRuns: Int { verification?.lostCount ?? 0 }
}
