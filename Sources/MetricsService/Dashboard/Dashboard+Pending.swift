/// Acknowledged runs shown before the worker's pass counts them (see `PendingRuns` for why this never
/// shows a run twice).
extension Dashboard {
    /// Whether ingest should hand its runs over (this process's worker holds the lease and publishes).
    public var acceptsPendingRuns: Bool { state.withLock { $0.pending.accepting } }

    /// Runs just stored and acknowledged by this process; ignored unless `acceptsPendingRuns`.
    public func addPending(_ runs: [RunSample]) {
        // Sorted before taking the lock, which UI reads on every loop share.
        let newest = PendingRuns.newest(of: runs)
        state.withLock { _ = $0.pending.add(runs, newest: newest) }
    }

    /// The sequence number of the last pending run: the worker reads it before each batch's select.
    func pendingMark() -> UInt64 {
        state.withLock { $0.pending.sequence }
    }

    /// The lease holder's publish: the new snapshot and, in the same lock, the pending runs it now
    /// counts dropped (those up to `mark` and those in `counted`, by `_id`).
    func publish(_ snapshot: DashboardSnapshot, countedThrough mark: UInt64, counted: Set<String>) {
        state.withLock {
            $0.snapshot = snapshot
            $0.pending.drop(through: mark, counted: counted)
            $0.stats = nil
            $0.recent = nil
        }
        versionPages.removeAll()
        openFirstLoad()
    }

    /// This process's worker does not hold the lease: forget pending runs and take no more.
    func stopPendingRuns() {
        state.withLock {
            $0.pending.stop()
            $0.stats = nil
            $0.recent = nil
        }
    }
}
