import HTTPCore
import Logging
import TimeFormats

/// Keeps `agent_version_metrics` (and the per-minute `agent_activity`, and the per-version hourly and daily
/// buckets of `agent_version_hourly` and `agent_version_daily`) up to date with the runs, counting every run
/// exactly once, and feeds the dashboard.
///
/// Runs on one event loop (`unownedExecutor` is the loop), like the request handlers; the
/// database work runs on the `MongoPool`'s threads.
///
/// ## Exactly once, without transactions
/// Every run is inserted with `counted: false`. A batch, while this worker holds the lease under epoch E
/// (see `WorkerLease`):
/// 1. selects up to `batchSize` runs with `counted: false`, by `_id` (an equality on the `{counted: 1}`
///    index, so its cost follows the uncounted runs, not the collection; runs stored before the marker
///    existed are given `counted: false` first, also through the index);
/// 2. computes their delta (pure, from the runs alone);
/// 3. writes a journal `{pass_id, run_ids}` into the lease document, with an update that matches only
///    `{owner: me, epoch: E}`;
/// 4. replaces each affected aggregate document whole with old + delta (inserts the delta where none was
///    stored), stamped `applied_pass: pass_id` and `lease_epoch: E`, each replace matching only a document whose
///    `lease_epoch` is at most E, and each insert failing when the document exists by then;
/// 5. marks exactly those run ids `counted: true`;
/// 6. clears the journal, again matching only `{owner: me, epoch: E}`.
/// A run's contribution enters an aggregate only in step 4, and only under a journal naming it.
/// If the worker dies anywhere, the journal survives in the lease document; the next holder takes the
/// lease (epoch E+1), re-reads the journal's runs by id (counted or not, so a half-done step 5 is
/// harmless), recomputes the same delta, and re-applies it only to documents not already stamped with
/// that pass id, then finishes 5 and 6. So each journalled run is added once; and a run is never
/// selected again after step 5, nor before step 3 of the batch that selected it completes. Runs
/// ingested during a batch are simply not among the selected ids; late runs with old `created` are
/// uncounted runs like any other. Sums are integers (micro-units, in `Int128`) and histograms add
/// counts, so the stored aggregates do not depend on batch boundaries and `--rebuild` reproduces them
/// exactly.
///
/// ## One writer at a time: heartbeat and fence
/// The lease lasts `leaseDuration` (5 s) past its last renewal, and a heartbeat renews it every
/// `renewInterval` (1 s), independent of the pass interval, so a dead worker is replaced within about
/// `leaseDuration` + `renewInterval`. That short lease means a live worker can lose it by stalling a few
/// seconds (a paused process, a slow database), so the argument does not rest on timing alone:
/// - steps 3 and 6 are themselves conditional on `{owner, epoch}`: a worker that lost the lease can
///   neither start a batch nor clear a successor's journal;
/// - before steps 4 and 5 the lease is renewed, and a failed renewal aborts the pass (`leaseLost`);
///   renewal matches `{owner, epoch}`, so a renewal that succeeds, however late, proves nobody else
///   held the lease since;
/// - each write of step 4 starts only before the write deadline, half a lease after the last successful
///   renewal (the heartbeat's included) was *sent* (`LeaseTerm`), and carries the epoch fence above, so
///   a stale write to a document a successor has written is refused and aborts the pass;
/// - step 5 is idempotent, only follows a completed step 4, whose journal a successor finishes the same way,
///   and runs in chunks of `MetricsStore.markChunk` ids, each started after a renewal and before the deadline,
///   so a database that runs one write at a time cannot hold the lease's renewal behind one long update;
/// - a step 4 or 5 that stops at its write deadline while the lease is still held is renewed and run again
///   (`fenced`, a bounded number of times): both steps are idempotent, and the renewal before the retry matches
///   the epoch, so its success proves no other worker took the lease.
/// What remains assumed: a write that starts before the deadline reaches the database within the other
/// half of the lease (2.5 s by default). Even later it is harmless when it lands on an aggregate a
/// successor has already written (refused by the fence) or not yet read (then read and skipped, being
/// stamped with the journal's pass id), or when it marks runs of that journal counted (the successor
/// finishes the journal anyway). The cases outside are a write delayed more than that in flight that
/// lands after a successor's `--rebuild` reset everything: it could re-create a deleted aggregate or mark
/// a run counted before the rebuild counts it. The shared dashboard state (recent runs, generation) is
/// not fenced: a stale write there is cosmetic and replaced by the next pass.
///
/// ## Runs that cannot be counted
/// A selected run whose document breaks `FieldBounds` (only possible for documents written
/// around the API) is set aside rather than failing the pass: it is journalled like the others,
/// adds one to the `worker_status` set-aside count (under the same pass stamp, so exactly once)
/// instead of to any aggregate, and is marked `counted: true` with its reason in `set_aside`.
/// Classifying a run is pure, so a recovering pass classifies the journal's runs the same way.
///
/// ## Retention
/// With `retention` set, the lease holder deletes runs older than the horizon after counting, only
/// runs already `counted: true`, in batches through the `created` index, renewing the lease before each.
/// A journal never names a deleted run: retention runs after recovery, and a run is counted (step 5)
/// before its journal is cleared. Aggregates are never touched, so all-time figures stay whole, except the time
/// buckets that end before the horizon: they describe only deleted runs, and go with them (the bucket holding the
/// horizon stays whole, so after `rebuild(force:)` only that one can differ).
public actor MetricsWorker {
    public nonisolated let loop: EventLoop
    public nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

    let pool: MongoPool
    let store: MetricsStore
    let lease: WorkerLease
    let dashboard: Dashboard?
    let configuration: MetricsWorkerConfiguration
    let clock: @Sendable () -> Int64
    let logger: Logger
    /// The leader's view of the stored state; nil until loaded, and reset whenever a pass fails or
    /// the lease is lost, so the next pass recovers and reloads before counting. Without a dashboard
    /// it holds only what the worker saves for other servers (the recent list and the generation).
    var data: DashboardData?
    /// The lease as this worker holds it; nil when another worker has it (or nobody does yet).
    var term: LeaseTerm? {
        didSet {
            let current = term.map {
                WriteDeadline(epoch: $0.epoch, ms: $0.writeDeadlineMs(durationMs: lease.durationMs))
            }
            writeDeadline.withLock { $0 = current }
        }
    }
    /// `term`'s epoch and write deadline, for fences checked on the pool's threads mid-write.
    let writeDeadline = LockedValue<WriteDeadline?>(nil)
    private var follower: DashboardStorageSource?
    private var periodic: Task<Void, Never>?
    private var heartbeats: Task<Void, Never>?
    private var deliveries: Task<Void, Never>?
    /// Alerts (see `MetricsWorker+Alerts.swift`): the states as this lease holder knows them, the epoch they were
    /// loaded under, when the outbox next has an event due (nil: none pending), and the delivery thread.
    var alertStates: [VersionKey: AlertState] = [:]
    var alertStatesEpoch: Int64?
    var outboxDueMs: Int64? = 0
    /// Whether a delivery round is running (rounds never overlap, or two could post the same event), and how many
    /// events were queued so far (a round that overlapped a queueing looks again).
    var delivering = false
    var queuedEvents = 0
    let alertStore: AlertStore
    let alertSender: BlockingThreadPool?
    /// Whether a `take` of the lease is in flight (see `heartbeat`).
    var taking = false
    /// Observability: pass metrics and the last success, for `/metrics` and `/readyz`.
    public nonisolated let monitor: WorkerMonitor
    /// Signalled by ingest in this process, and by a heartbeat that takes the lease over; see
    /// `MetricsWorker+Wakeup.swift`.
    nonisolated let wakeup: PassWakeup
    /// The dashboard's pending-run mark read before the latest select, and the runs counted since the
    /// last publish: what the publish drops from the dashboard's pending runs (see `PendingRuns`).
    var pendingMark: UInt64 = 0
    var countedSincePublish: Set<String> = []
    /// The versions' regressions of the last snapshot, recomputed only where aggregates changed.
    let regressionCache = RegressionCache()

    /// - Parameters:
    ///   - dashboard: refreshed after every pass; nil for the standalone worker.
    ///   - clock: wall-clock milliseconds, for the lease and the dashboard windows.
    ///   - wakeup: signalled by this process's ingest to start a pass before the interval is up.
    public init(
        loop: EventLoop, pool: MongoPool, dashboard: Dashboard? = nil,
        configuration: MetricsWorkerConfiguration = MetricsWorkerConfiguration(),
        clock: @escaping @Sendable () -> Int64 = WallClock.systemMilliseconds,
        logger: Logger = Logger(label: "agent-metrics.worker"),
        monitor: WorkerMonitor? = nil,
        wakeup: PassWakeup = PassWakeup()
    ) {
        self.monitor = monitor ?? WorkerMonitor(clock: clock)
        self.wakeup = wakeup
        self.loop = loop
        self.pool = pool
        self.store = MetricsStore(pool: pool)
        self.alertStore = AlertStore(pool: pool)
        // One thread: deliveries go one at a time, in order, and never hold a database thread.
        self.alertSender = configuration.alerts == nil ? nil : BlockingThreadPool(threadCount: 1)
        self.lease = WorkerLease(pool: pool, owner: configuration.owner, durationMs: configuration.leaseDurationMs)
        self.dashboard = dashboard
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// Starts a pass now and then every `interval`, or sooner when runs arrive or the heartbeat takes the
    /// lease over (`waitForNextPass`), until `stop()`; and the lease heartbeat (`startHeartbeat`).
    /// Failures are logged and the next pass retries.
    public func start() {
        guard periodic == nil else { return }
        periodic = Task(executorPreference: loop) { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                let leader = await self.passLoggingErrors()
                await self.waitForNextPass(leader: leader)
            }
        }
        startHeartbeat()
        if configuration.alerts != nil {
            deliveries = Task(executorPreference: loop) { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(500))
                    guard let self, !Task.isCancelled else { return }
                    await self.deliverAlerts()
                }
            }
        }
    }

    /// Starts the lease heartbeat alone, every `renewInterval` until `stop()`: for a single pass (`worker --once`,
    /// `--rebuild`), whose writes would otherwise stop half a lease after the renewal before each step, however
    /// long that step's writes take on a slow database.
    public func startHeartbeat() {
        guard heartbeats == nil else { return }
        let renewInterval = configuration.renewInterval
        heartbeats = Task(executorPreference: loop) { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: renewInterval)
                guard let self, !Task.isCancelled else { return }
                await self.beat()
            }
        }
    }

    private func beat() async {
        do {
            // Taking a dead worker's lease over: pass now rather than after this worker's interval.
            if try await heartbeat() == .gained { wakeup.signal() }
        } catch {
            logger.debug("worker lease heartbeat failed", metadata: ["error": "\(error)"])
        }
    }

    /// Stops the periodic passes, waits for one in flight, and gives the lease up.
    public func stop() async {
        periodic?.cancel()
        heartbeats?.cancel()
        deliveries?.cancel()
        await periodic?.value
        await heartbeats?.value
        await deliveries?.value
        periodic = nil
        heartbeats = nil
        deliveries = nil
        if let term { try? await lease.release(epoch: term.epoch) }
        term = nil
        data = nil
    }

    /// One pass; whether this worker held the lease, nil when the pass failed.
    private func passLoggingErrors() async -> Bool? {
        let started = Monotonic.now()
        do {
            let report = try await runOnce()
            monitor.passSucceeded(report, durationNs: Monotonic.now() &- started)
            if report.countedRuns > 0 || report.recovered {
                logger.debug(
                    "worker pass",
                    metadata: ["worker.counted": "\(report.countedRuns)", "worker.recovered": "\(report.recovered)"])
            }
            return report.leader
        } catch {
            monitor.passFailed(durationNs: Monotonic.now() &- started)
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
    /// counts everything again. Throws `leaseLost` when another worker holds the lease, and
    /// `rawRunsDeleted` when retention has deleted runs, unless `force` (then it rebuilds from the runs
    /// still stored, and warns that the all-time figures lose the deleted runs).
    @discardableResult
    public func rebuild(force: Bool = false) async throws -> PassReport {
        _ = try await heartbeat()
        guard let epoch = term?.epoch else { throw MetricsWorkerError.leaseLost }
        if let retention = try await store.retentionStatus() {
            let metadata: Logger.Metadata = [
                "worker.deleted_before": "\(RFC3339.format(milliseconds: retention.deletedBeforeMs))",
                "worker.deleted_runs": "\(retention.deletedRuns)",
            ]
            guard force else {
                logger.warning("retention deleted raw runs: a rebuild would shrink the aggregates", metadata: metadata)
                throw MetricsWorkerError.rawRunsDeleted(retention)
            }
            logger.warning(
                "rebuilding after retention deleted raw runs: aggregates will count only the runs still stored",
                metadata: metadata)
        }
        _ = try await renewForWrite(epoch: epoch)
        guard try await lease.clearJournal(epoch: epoch, nowMs: clock()) else { throw lost(epoch) }
        data = nil
        try await store.resetForRebuild(batchSize: configuration.batchSize)
        return try await runOnce()
    }

    /// `crashAfter` stops the pass at `stage` as if the worker were killed there; `stall` runs at each
    /// stage, as if the worker paused there (tests).
    func runOnce(
        crashAfter stage: PassStage?, stall: (@Sendable (PassStage) async -> Void)? = nil
    ) async throws -> PassReport {
        _ = try await heartbeat()
        guard let epoch = term?.epoch else {
            data = nil
            dashboard?.stopPendingRuns()
            try await refreshAsFollower()
            return PassReport(leader: false)
        }
        do {
            var report = PassReport(leader: true)
            if data == nil {
                report.recovered = try await recover(epoch: epoch)
                // Every aggregate and 15 days of minutes grow with the history; only a dashboard and alerts read them.
                data =
                    needsFullData
                    ? try await DashboardLoader.load(pool: pool, nowMs: clock())
                    : try await DashboardLoader.savedState(pool: pool)
            }
            try await store.markLegacyRunsUncounted()
            while true {
                let counted = try await runBatch(epoch: epoch, crashAfter: stage, stall: stall)
                guard counted > 0 else { break }
                report.countedRuns += counted
                report.batches += 1
                if counted < configuration.batchSize { break }
            }
            report.deletedRuns = try await applyRetention(epoch: epoch)
            try await publish(changed: report.countedRuns > 0 || report.recovered)
            try await evaluateAlerts(epoch: epoch)
            return report
        } catch {
            data = nil
            throw error
        }
    }

    /// Refreshes the catalogue, saves the recent list when something changed, and publishes.
    private func publish(changed: Bool) async throws {
        guard var current = data else { return }
        let now = clock()
        if needsFullData {
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
        dashboard?.publish(snapshot(of: current), countedThrough: pendingMark, counted: countedSincePublish)
        countedSincePublish = []
    }

    func noteCounted(_ runs: [StoredRun]) {
        guard dashboard != nil else { return }
        for case .countable(let run) in runs { countedSincePublish.insert(run.objectID) }
    }

    func refreshAsFollower() async throws {
        guard let dashboard else { return }
        if follower == nil { follower = DashboardStorageSource(pool: pool) }
        if let data = try await follower?.reloadIfChanged(nowMs: clock()) {
            dashboard.publish(snapshot(of: data))
        }
    }
}
