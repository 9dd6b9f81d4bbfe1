import Logging
import TimeFormats

/// Retention: the lease holder deletes counted runs past the horizon (see "Retention" on `MetricsWorker`).
extension MetricsWorker {
    /// Deletes counted runs created before now − `retention`, a batch at a time, each batch a `fenced` step, then
    /// the time buckets wholly before that horizon; returns how many runs went. Records the horizon so `rebuild`
    /// knows runs are gone.
    func applyRetention(epoch: Int64) async throws -> Int {
        guard let retentionMs = configuration.retentionMs else { return 0 }
        let horizon = clock() - retentionMs
        var deleted = 0
        while true {
            let ids = try await store.countedRunIDs(createdBefore: horizon, limit: configuration.batchSize)
            guard !ids.isEmpty else { break }
            let gone = try await fenced(epoch: epoch) { _ in try await store.deleteCountedRuns(ids: ids) }
            deleted += gone
            if ids.count < configuration.batchSize || gone == 0 { break }
        }
        // Buckets follow the runs: those wholly past the horizon go, every pass, since the hour (or day) holding
        // the horizon moves on with the clock whether or not runs are deleted now.
        try await fenced(epoch: epoch) { _ in
            for width in BucketWidth.allCases { _ = try await store.deleteBuckets(width, before: horizon) }
        }
        guard deleted > 0 else { return 0 }
        let status = try await store.retentionStatus() ?? RetentionStatus(deletedBeforeMs: 0, deletedRuns: 0)
        try await store.saveRetentionStatus(status.adding(runs: Int64(deleted), horizonMs: horizon))
        logger.info(
            "retention deleted counted runs",
            metadata: [
                "worker.deleted_runs": "\(deleted)",
                "worker.deleted_before": "\(RFC3339.format(milliseconds: horizon))",
            ])
        return deleted
    }
}
