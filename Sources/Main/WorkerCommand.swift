import ArgumentParser
import Foundation
import HTTPCore
import Logging
import MetricsService
import TimeFormats

/// `agent-metrics worker`: the metrics worker as its own process (cron with `--once`).
///
/// Exit status: 0 after a clean stop, or with `--once` after a pass it ran as lease holder; 75
/// (`EX_TEMPFAIL`) when `--once`/`--rebuild` waited `--lease-wait` and another worker still held the
/// lease; 1 on any other failure (database unreachable, `--rebuild` refused after retention).
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Keep agent_version_metrics up to date: count new runs every interval."
    )

    /// `EX_TEMPFAIL` from sysexits.h: try again later.
    static let leaseUnavailableStatus: Int32 = 75

    @OptionGroup var mongo: MongoOptions

    @Option(
        help: ArgumentHelp(
            "Longest time between passes (new runs start one within about a second): a Go duration (10s, 1m30s) "
                + "or seconds (env AGENT_METRICS_WORKER_INTERVAL)."))
    var interval = EnvironmentDefault.value(
        "AGENT_METRICS_WORKER_INTERVAL", default: DurationFlag(duration: .seconds(10)))

    @Option(help: "Most runs one batch counts (and one retention step deletes) (env AGENT_METRICS_BATCH_SIZE).")
    var batchSize = EnvironmentDefault.value("AGENT_METRICS_BATCH_SIZE", default: 10_000)

    @Option(
        help: ArgumentHelp(
            "How long the lease outlives its last heartbeat (renewed every second) "
                + "(env AGENT_METRICS_LEASE_DURATION)."))
    var leaseDuration = EnvironmentDefault.value(
        "AGENT_METRICS_LEASE_DURATION", default: DurationFlag(duration: .seconds(5)))

    @Option(
        help: ArgumentHelp(
            "How long --once and --rebuild wait for a lease held by another worker (env AGENT_METRICS_LEASE_WAIT)."))
    var leaseWait = EnvironmentDefault.value("AGENT_METRICS_LEASE_WAIT", default: DurationFlag(duration: .seconds(30)))

    @OptionGroup var retention: RetentionOptions

    @Flag(
        help: ArgumentHelp(
            "Run one pass and exit: 0 when it ran one, 75 when the lease stayed held by another worker "
                + "(env AGENT_METRICS_WORKER_ONCE=1)."))
    var once = false

    @Flag(
        help: ArgumentHelp(
            "Recompute every aggregate from scratch, then continue (or exit with --once) "
                + "(env AGENT_METRICS_WORKER_REBUILD=1)."))
    var rebuild = false

    @Flag(
        help: ArgumentHelp(
            "With --rebuild: rebuild even though retention deleted raw runs (the aggregates lose them) "
                + "(env AGENT_METRICS_WORKER_FORCE=1)."))
    var force = false

    @OptionGroup var comparison: ComparisonOptions

    @OptionGroup var alerts: AlertOptions

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1.") }
        if force && !rebuild && !EnvironmentDefault.bool("AGENT_METRICS_WORKER_REBUILD") {
            throw ValidationError("--force only applies to --rebuild.")
        }
        // Writes stop half a lease after the last renewal; renewals come every second.
        if leaseDuration.duration < .seconds(3) { throw ValidationError("--lease-duration must be at least 3s.") }
    }

    func run() throws {
        let signals = SignalWaiter()
        logging.bootstrap()
        let once = self.once || EnvironmentDefault.bool("AGENT_METRICS_WORKER_ONCE")
        let rebuild = self.rebuild || EnvironmentDefault.bool("AGENT_METRICS_WORKER_REBUILD")
        let logger = Logger(label: "agent-metrics.worker")
        let pool = try MongoPool(configuration: mongo.configuration, logger: logger)
        defer { pool.shutdown() }
        let group = try EventLoopGroup(count: 1)
        defer { group.shutdown() }
        var configuration = MetricsWorkerConfiguration(
            interval: interval.duration, batchSize: batchSize, leaseDuration: leaseDuration.duration,
            retention: retention.retention.duration)
        configuration.comparison = comparison.configuration
        configuration.alerts = alerts.configuration
        let worker = MetricsWorker(loop: group.loops[0], pool: pool, configuration: configuration, logger: logger)
        logger.info("using MongoDB", metadata: ["mongo.database": "\(mongo.dbName)"])
        // The worker finds uncounted runs through the `{counted: 1}` index, which only a server creates; a
        // database no server has started on yet would be scanned on every pass.
        let indexes = IndexSetup(pool: pool, logger: logger)
        let ensureIndexes: @Sendable () async -> Void = {
            do {
                try await indexes.ensureCreated()
            } catch {
                logger.warning("could not create MongoDB indexes", metadata: ["storage.error": "\(error)"])
            }
        }

        if once || rebuild {
            let outcome = LockedValue<Result<PassReport?, any Error>?>(nil)
            let done = Semaphore()
            let force = self.force || EnvironmentDefault.bool("AGENT_METRICS_WORKER_FORCE")
            let (rebuild, once, leaseWait) = (rebuild, once, leaseWait.duration)
            Task(executorPreference: group.loops[0]) {
                await ensureIndexes()
                do {
                    var report: PassReport?
                    if try await worker.acquireLease(waitingUpTo: leaseWait) {
                        // The pass's writes run as long as the heartbeat renews the lease, as in a running worker.
                        await worker.startHeartbeat()
                        report = rebuild ? try await worker.rebuild(force: force) : try await worker.runOnce()
                        // With --once, the events this pass queued get one attempt before the process exits.
                        if once { await worker.deliverAlerts() }
                    }
                    // Release the lease so the next cron run need not wait for it to lapse.
                    if once || report == nil { await worker.stop() }
                    outcome.withLock { $0 = .success(report) }
                } catch {
                    // The process exits: give the lease up rather than let it lapse.
                    await worker.stop()
                    outcome.withLock { $0 = .failure(error) }
                }
                done.signal()
            }
            done.wait()
            let report: PassReport?
            do {
                report = try outcome.withLock { $0! }.get()
            } catch MetricsWorkerError.rawRunsDeleted(let status) {
                logger.error(
                    """
                    --rebuild refused: retention deleted \(status.deletedRuns) raw runs created before \
                    \(RFC3339.format(milliseconds: status.deletedBeforeMs)), so a rebuild would shrink the all-time \
                    aggregates to the runs still stored. Keep the aggregates as they are, or pass --force to rebuild \
                    from the remaining runs anyway.
                    """)
                throw ExitCode.failure
            } catch {
                logger.error("worker pass failed", metadata: ["error": "\(error)"])
                throw ExitCode.failure
            }
            guard let report, report.leader else {
                logger.error(
                    "no pass ran: another worker held the lease for all of --lease-wait (\(self.leaseWait.duration))")
                throw ExitCode(Self.leaseUnavailableStatus)
            }
            logger.info(
                "worker pass done",
                metadata: [
                    "worker.leader": "\(report.leader)", "worker.counted": "\(report.countedRuns)",
                    "worker.recovered": "\(report.recovered)", "worker.deleted": "\(report.deletedRuns)",
                ])
            if once { return }
        }

        Task(executorPreference: group.loops[0]) {
            await ensureIndexes()
            await worker.start()
        }
        _ = signals.next()
        logger.info("worker stopping")
        let stopped = Semaphore()
        Task(executorPreference: group.loops[0]) {
            await worker.stop()
            stopped.signal()
        }
        stopped.wait()
    }
}
