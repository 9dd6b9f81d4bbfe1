/// What one `runOnce` did.
public struct PassReport: Sendable, Equatable {
    /// False when another worker holds the lease (nothing was counted).
    public var leader: Bool
    /// Runs counted by this pass's batches.
    public var countedRuns: Int
    public var batches: Int
    /// Whether an interrupted pass's journal was finished first.
    public var recovered: Bool
    /// Raw runs deleted by retention in this pass.
    public var deletedRuns: Int

    public init(leader: Bool, countedRuns: Int = 0, batches: Int = 0, recovered: Bool = false, deletedRuns: Int = 0) {
        self.leader = leader
        self.countedRuns = countedRuns
        self.batches = batches
        self.recovered = recovered
        self.deletedRuns = deletedRuns
    }
}

/// Worker failures that are not storage errors.
public enum MetricsWorkerError: Error, Sendable, Equatable {
    /// The lease was lost mid-pass (or is held by another worker for `rebuild`).
    case leaseLost
    /// `rebuild()` without `force` after retention deleted raw runs: counting the runs still stored
    /// would shrink the all-time aggregates.
    case rawRunsDeleted(RetentionStatus)
    /// A test-only stop at a chosen point of a batch.
    case simulatedCrash
}

/// Points in a batch where tests stop a worker as if it were killed.
enum PassStage: Sendable, Equatable {
    case journalWritten
    /// After this many version documents were written (and no minute documents).
    case versionsApplied(Int)
    case aggregatesApplied
    case runsMarked
}
