import Logging

/// One batch, and the recovery of an interrupted one: steps 1–6 of "Exactly once" on `MetricsWorker`.
extension MetricsWorker {
    /// Steps 1–6 for one batch; returns how many runs it counted.
    func runBatch(
        epoch: Int64, crashAfter stage: PassStage?, stall: (@Sendable (PassStage) async -> Void)?
    ) async throws -> Int {
        // Read before the select: the publish drops the dashboard's pending runs up to this mark.
        pendingMark = dashboard?.pendingMark() ?? 0
        let runs = try await store.uncountedRuns(limit: configuration.batchSize)
        guard !runs.isEmpty else { return 0 }
        let journal = PassJournal(passID: PassJournal.newPassID(nowMs: clock()), runIDs: runs.map(\.id))
        let delta = PassDelta(runs: runs)
        let sent = clock()
        guard try await lease.writeJournal(journal, epoch: epoch, nowMs: sent) else { throw lost(epoch) }
        renewed(epoch: epoch, atMs: sent)
        if stage == .journalWritten { throw MetricsWorkerError.simulatedCrash }
        await stall?(.journalWritten)
        let versionLimit: Int?
        if case .versionsApplied(let count) = stage { versionLimit = count } else { versionLimit = nil }
        let applied = try await fenced(epoch: epoch) { fence in
            try await store.apply(delta, passID: journal.passID, fence: fence, versionLimit: versionLimit)
        }
        if versionLimit != nil || stage == .aggregatesApplied { throw MetricsWorkerError.simulatedCrash }
        await stall?(.aggregatesApplied)
        try await markCounted(runs, epoch: epoch)
        noteCounted(runs)
        if stage == .runsMarked { throw MetricsWorkerError.simulatedCrash }
        await stall?(.runsMarked)
        guard try await lease.clearJournal(epoch: epoch, nowMs: clock()) else { throw lost(epoch) }
        logSetAside(runs)
        logger.debug("worker batch counted", metadata: ["worker.batch_runs": "\(runs.count)"])
        data?.absorb(applied, runs: runs.compactMap(\.countable))
        return runs.count
    }

    /// One warning per run set aside, when its batch completes (a recovering pass does not repeat them).
    func logSetAside(_ runs: [StoredRun]) {
        for case .setAside(let id, let reason) in runs {
            logger.warning(
                "run set aside: it cannot be counted",
                metadata: ["run.id": "\(id)", "worker.set_aside_reason": "\(reason)"])
        }
    }

    /// Finishes a journal left by a worker that stopped mid-batch (in the lease document, or in the
    /// legacy collection); true when there was one.
    func recover(epoch: Int64) async throws -> Bool {
        var recovered = false
        if let legacy = try await store.legacyJournal() {
            try await finish(legacy, epoch: epoch)
            try await store.deleteLegacyJournal()
            recovered = true
        }
        if let journal = try await lease.journal() {
            try await finish(journal, epoch: epoch)
            guard try await lease.clearJournal(epoch: epoch, nowMs: clock()) else { throw lost(epoch) }
            recovered = true
        }
        return recovered
    }

    /// Steps 4 and 5 again for a journal another pass wrote.
    func finish(_ journal: PassJournal, epoch: Int64) async throws {
        logger.info("finishing an interrupted worker pass", metadata: ["worker.pass": "\(journal.passID)"])
        let runs = try await store.runs(ids: journal.runIDs)
        let delta = PassDelta(runs: runs)
        _ = try await fenced(epoch: epoch) { fence in try await store.apply(delta, passID: journal.passID, fence: fence)
        }
        try await markCounted(runs, epoch: epoch)
        noteCounted(runs)
    }

    /// Step 5, `MetricsStore.markChunk` runs per update, each update a `fenced` step (after a renewal, which also
    /// checks the write deadline). One update of a whole batch's ids can take longer than half a lease on a
    /// database that runs one write at a time (nx-27017, a saturated primary), and the heartbeat's renewal would
    /// wait behind it; chunks let the lease be renewed while the runs are marked.
    func markCounted(_ runs: [StoredRun], epoch: Int64) async throws {
        for chunk in runs.slices(of: MetricsStore.markChunk) {
            try await fenced(epoch: epoch) { _ in try await store.markCounted(chunk) }
        }
    }
}
