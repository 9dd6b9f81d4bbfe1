import HTTPCore
import Logging

/// Keeps `agent_version_metrics` (and the per-minute `agent_activity`) up to date with the runs,
/// counting every run exactly once, and feeds the dashboard.
///
/// Runs on one event loop (`unownedExecutor` is the loop), like the request handlers; the
/// database work runs on the `MongoPool`'s threads.
///
/// ## Exactly once, without transactions
/// Every run is inserted with `counted: false`. A batch, while this worker holds the lease:
/// 1. selects up to `batchSize` runs with `counted: false`, by `_id` (an equality on the `{counted: 1}`
///    index, so its cost follows the uncounted runs, not the collection; runs stored before the marker
///    existed are given `counted: false` first, also through the index);
/// 2. computes their delta (pure, from the runs alone);
/// 3. writes a journal `{_id: "pass", pass_id, run_ids}`;
/// 4. replaces each affected aggregate document whole with old + delta, stamped `applied_pass: pass_id`;
/// 5. marks exactly those run ids `counted: true`;
/// 6. deletes the journal.
/// A run's contribution enters an aggregate only in step 4, and only under a journal naming it.
/// If the worker dies anywhere, the journal survives; the next lease holder re-reads the journal's
/// runs by id (counted or not, so a half-done step 5 is harmless), recomputes the same delta, and
/// re-applies it only to documents not already stamped with that pass id, then finishes 5 and 6.
/// So each journalled run is added once; and a run is never selected again after step 5, nor
/// before step 3 of the batch that selected it completes. Runs ingested during a batch are simply
/// not among the selected ids; late runs with old `created` are uncounted runs like any other.
/// Sums are integers (micro-units, in `Int128`) and histograms add counts, so the stored aggregates
/// do not depend on batch boundaries and `--rebuild` reproduces them exactly.
///
/// ## Runs that cannot be counted
/// A selected run whose document breaks `FieldBounds` (only possible for documents written
/// around the API) is set aside rather than failing the pass: it is journalled like the others,
/// adds one to the `worker_status` set-aside count (under the same pass stamp, so exactly once)
/// instead of to any aggregate, and is marked `counted: true` with its reason in `set_aside`.
/// Classifying a run is pure, so a recovering pass classifies the journal's runs the same way.
///
/// The argument needs one writer at a time: the lease (see `WorkerLease`) is checked again
/// before steps 4 and 5, and lasts two intervals, so a worker would need to stall for longer
/// than that between a check and its write to overlap a successor.
public actor MetricsWorker {
    public nonisolated let loop: EventLoop
    public nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

    private let pool: MongoPool
    let store: MetricsStore
    private let lease: WorkerLease
    private let dashboard: Dashboard?
    let configuration: MetricsWorkerConfiguration
    private let clock: @Sendable () -> Int64
    private let logger: Logger
    /// The leader's view of the stored state; nil until loaded, and reset whenever a pass fails or
    /// the lease is lost, so the next pass recovers and reloads before counting. Without a dashboard
    /// it holds only what the worker saves for other servers (the recent list and the generation).
    private var data: DashboardData?
    private var follower: DashboardStorageSource?
    private var periodic: Task<Void, Never>?
    /// Signalled by ingest in this process; see `MetricsWorker+Wakeup.swift`.
    nonisolated let wakeup: PassWakeup
    /// The dashboard's pending-run mark read before the latest select, and the runs counted since the
    /// last publish: what the publish drops from the dashboard's pending runs (see `PendingRuns`).
    private var pendingMark: UInt64 = 0
    private var countedSincePublish: Set<String> = []

    /// - Parameters:
    ///   - dashboard: refreshed after every pass; nil for the standalone worker.
    ///   - clock: wall-clock milliseconds, for the lease and the dashboard windows.
    ///   - wakeup: signalled by this process's ingest to start a pass before the interval is up.
    public init(
        loop: EventLoop, pool: MongoPool, dashboard: Dashboard? = nil,
        configuration: MetricsWorkerConfiguration = MetricsWorkerConfiguration(),
        clock: @escaping @Sendable () -> Int64 = WallClock.systemMilliseconds,
        logger: Logger = Logger(label: "agent-metrics.worker"),
        wakeup: PassWakeup = PassWakeup()
    ) {
        self.wakeup = wakeup
        self.loop = loop
        self.pool = pool
        self.store = MetricsStore(pool: pool)
        self.lease = WorkerLease(pool: pool, owner: configuration.owner, durationMs: configuration.leaseDurationMs)
        self.dashboard = dashboard
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// Starts a pass now and then every `interval`, or sooner when runs arrive (`waitForNextPass`),
    /// until `stop()`. Failures are logged and the next pass retries.
    public func start() {
        guard periodic == nil else { return }
        periodic = Task(executorPreference: loop) { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                let leader = await self.passLoggingErrors()
                await self.waitForNextPass(leader: leader)
            }
        }
    }

    /// Stops the periodic passes, waits for one in flight, and gives the lease up.
    public func stop() async {
        periodic?.cancel()
        await periodic?.value
        periodic = nil
        if data != nil { try? await lease.release() }
        data = nil
    }

    /// One pass; whether this worker held the lease, nil when the pass failed.
    private func passLoggingErrors() async -> Bool? {
        do {
            let report = try await runOnce()
            if report.countedRuns > 0 || report.recovered {
                logger.debug(
                    "worker pass",
                    metadata: ["worker.counted": "\(report.countedRuns)", "worker.recovered": "\(report.recovered)"])
            }
            return report.leader
        } catch {
            logger.warning("worker pass failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// One pass: take or renew the lease, finish an interrupted pass if any, count every
    /// uncounted run in batches, then publish. Without the lease it only refreshes the dashboard
    /// from what the lease holder stored.
    @discardableResult
    public func runOnce() async throws -> PassReport {
        try await runOnce(crashAfter: nil)
    }

    /// Recomputes every aggregate from the runs: forgets them, marks every run uncounted, then
    /// counts everything again. Throws `leaseLost` when another worker holds the lease.
    @discardableResult
    public func rebuild() async throws -> PassReport {
        guard try await lease.acquire(nowMs: clock()) else { throw MetricsWorkerError.leaseLost }
        data = nil
        try await store.resetForRebuild()
        return try await runOnce()
    }

    func runOnce(crashAfter stage: PassStage?) async throws -> PassReport {
        guard try await lease.acquire(nowMs: clock()) else {
            data = nil
            dashboard?.stopPendingRuns()
            try await refreshAsFollower()
            return PassReport(leader: false)
        }
        do {
            var report = PassReport(leader: true)
            if data == nil {
                report.recovered = try await recover()
                // Every aggregate and 15 days of minutes grow with the history; only a dashboard reads them.
                data =
                    dashboard == nil
                    ? try await DashboardLoader.savedState(pool: pool)
                    : try await DashboardLoader.load(pool: pool, nowMs: clock())
            }
            try await store.markLegacyRunsUncounted()
            while true {
                let counted = try await runBatch(crashAfter: stage)
                guard counted > 0 else { break }
                report.countedRuns += counted
                report.batches += 1
                if counted < configuration.batchSize { break }
            }
            try await publish(changed: report.countedRuns > 0 || report.recovered)
            return report
        } catch {
            data = nil
            throw error
        }
    }

    /// Steps 1–6 for one batch; returns how many runs it counted.
    private func runBatch(crashAfter stage: PassStage?) async throws -> Int {
        pendingMark = dashboard?.pendingMark() ?? 0
        let runs = try await store.uncountedRuns(limit: configuration.batchSize)
        guard !runs.isEmpty else { return 0 }
        let journal = PassJournal(passID: PassJournal.newPassID(nowMs: clock()), runIDs: runs.map(\.id))
        let delta = PassDelta(runs: runs)
        try await store.writeJournal(journal, nowMs: clock())
        if stage == .journalWritten { throw MetricsWorkerError.simulatedCrash }
        try await renewLease()
        var versionLimit: Int?
        if case .versionsApplied(let count) = stage { versionLimit = count }
        let applied = try await store.apply(delta, passID: journal.passID, versionLimit: versionLimit)
        if versionLimit != nil || stage == .aggregatesApplied { throw MetricsWorkerError.simulatedCrash }
        try await renewLease()
        try await store.markCounted(runs)
        noteCounted(runs)
        if stage == .runsMarked { throw MetricsWorkerError.simulatedCrash }
        try await store.deleteJournal()
        logSetAside(runs)
        data?.absorb(applied, runs: runs.compactMap(\.countable))
        return runs.count
    }

    /// One warning per run set aside, when its batch completes (a recovering pass does not repeat them).
    private func logSetAside(_ runs: [StoredRun]) {
        for case .setAside(let id, let reason) in runs {
            logger.warning(
                "run set aside: it cannot be counted",
                metadata: ["run.id": "\(id)", "worker.set_aside_reason": "\(reason)"])
        }
    }

    /// Finishes a journal left by a worker that stopped mid-batch; true when there was one.
    private func recover() async throws -> Bool {
        guard let journal = try await store.journal() else { return false }
        logger.info("finishing an interrupted worker pass", metadata: ["worker.pass": "\(journal.passID)"])
        let runs = try await store.runs(ids: journal.runIDs)
        _ = try await store.apply(PassDelta(runs: runs), passID: journal.passID)
        try await renewLease()
        try await store.markCounted(runs)
        noteCounted(runs)
        try await store.deleteJournal()
        return true
    }

    private func renewLease() async throws {
        guard try await lease.acquire(nowMs: clock()) else { throw MetricsWorkerError.leaseLost }
    }

    /// Refreshes the catalogue, saves the recent list when something changed, and publishes.
    private func publish(changed: Bool) async throws {
        guard var current = data else { return }
        let now = clock()
        if dashboard != nil {
            let catalogue = try await DashboardLoader.catalogue(pool: pool)
            current.agents = catalogue.agents
            current.versions = catalogue.versions
        }
        current.trimMinutes(nowMs: now)
        if changed || current.generation.isEmpty {
            current.generation = PassJournal.newPassID(nowMs: now)
            try await store.saveDashboardState(generation: current.generation, recent: current.recent, nowMs: now)
        }
        data = current
        dashboard?.publish(DashboardSnapshot(data: current), countedThrough: pendingMark, counted: countedSincePublish)
        countedSincePublish = []
    }

    private func noteCounted(_ runs: [StoredRun]) {
        guard dashboard != nil else { return }
        for case .countable(let run) in runs { countedSincePublish.insert(run.objectID) }
    }

    func refreshAsFollower() async throws {
        guard let dashboard else { return }
        if follower == nil { follower = DashboardStorageSource(pool: pool) }
        if let data = try await follower?.reloadIfChanged(nowMs: clock()) {
            dashboard.publish(DashboardSnapshot(data: data))
        }
    }
}
