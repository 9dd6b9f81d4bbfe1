/// What retention has deleted so far: `worker_status` `{_id: "retention", deleted_before_ms, deleted_runs}`.
///
/// Its presence is what tells `--rebuild` that raw runs are gone, so that counting the runs still stored
/// would shrink the all-time aggregates (see `MetricsWorker.rebuild(force:)`).
public struct RetentionStatus: Sendable, Equatable {
    static let documentID = "retention"

    /// Runs created before this instant (ms) may have been deleted: the newest horizon applied.
    public var deletedBeforeMs: Int64
    /// How many runs retention has deleted, in total.
    public var deletedRuns: Int64

    public init(deletedBeforeMs: Int64, deletedRuns: Int64) {
        self.deletedBeforeMs = deletedBeforeMs
        self.deletedRuns = deletedRuns
    }

    init(bson: BSONValue) throws(StorageError) {
        let reader = try BSONRecordReader(bson, record: "worker_status")
        deletedBeforeMs = reader.value("deleted_before_ms")?.int64Value ?? 0
        deletedRuns = reader.value("deleted_runs")?.int64Value ?? 0
    }

    func toBSON() -> BSONValue {
        .document([
            ("_id", .string(Self.documentID)),
            ("deleted_before_ms", .int64(deletedBeforeMs)),
            ("deleted_runs", .int64(deletedRuns)),
        ])
    }

    /// This status after deleting `runs` more runs below `horizonMs`.
    func adding(runs: Int64, horizonMs: Int64) -> RetentionStatus {
        RetentionStatus(deletedBeforeMs: max(deletedBeforeMs, horizonMs), deletedRuns: deletedRuns + runs)
    }
}
