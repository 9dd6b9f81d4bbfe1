/// The MongoDB collection names: the spec's four, plus the worker's bookkeeping.
public enum Collections {
    public static let agents = "agents"
    public static let versions = "agent_versions"
    public static let runs = "agent_runs"
    /// One document per agent version, `_id` = `VersionKey.documentID`.
    public static let versionMetrics = "agent_version_metrics"
    /// One document per UTC minute that had runs, `_id` = the minute's start in milliseconds.
    public static let activity = "agent_activity"
    /// One document per agent version and UTC hour (or day) that had runs, by the runs' `created`,
    /// `_id` = `<agent id>/<version>/<start ms>` (see `VersionBucket`).
    public static let hourlyBuckets = "agent_version_hourly"
    public static let dailyBuckets = "agent_version_daily"
    /// Legacy: where versions before the lease epoch kept the pass journal (`_id: "pass"`); a new worker
    /// finishes one it finds there. The journal now lives in the lease document.
    public static let journal = "worker_journal"
    /// `_id: "metrics"`: which worker may run passes, until when, under which epoch, and the journal of
    /// the batch in flight (see `WorkerLease`).
    public static let lease = "worker_lease"
    /// `_id: "set_aside"`: how many runs the worker could not count (see `StoredRun`); `_id: "retention"`:
    /// which raw runs retention has deleted (see `RetentionStatus`).
    public static let workerStatus = "worker_status"
    /// `_id: "dashboard"`: the newest runs and the generation, for servers without the lease.
    public static let dashboard = "dashboard_state"
}
