/// The collections the worker reads and writes.
enum WorkerCollections {
    static let runs = "agent_runs"
    static let agents = "agents"
    static let versions = "agent_versions"
    /// One document per agent version, `_id` = `VersionKey.documentID`.
    static let metrics = "agent_version_metrics"
    /// One document per UTC minute that had runs, `_id` = the minute's start in milliseconds.
    static let activity = "agent_activity"
    /// At most one document, `_id: "pass"`: the write-ahead record of the pass in flight.
    static let journal = "worker_journal"
    /// `_id: "metrics"`: which worker may run passes, until when.
    static let lease = "worker_lease"
    /// `_id: "dashboard"`: the newest runs and the generation, for servers without the lease.
    static let dashboard = "dashboard_state"
}
