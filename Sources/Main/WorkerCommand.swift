import ArgumentParser
import Foundation
import HTTPCore
import Logging
import MetricsService

/// `agent-metrics worker`: the metrics worker as its own process (cron with `--once`).
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Keep agent_version_metrics up to date: count new runs every interval."
    )

    @Option(name: .customLong("mongo-uri"), help: "MongoDB connection URI (env AGENT_METRICS_MONGO_URI or MONGO_URL).")
    var mongoURI = EnvironmentDefault.value(
        "AGENT_METRICS_MONGO_URI", "MONGO_URL", default: "mongodb://localhost:27017")

    @Option(help: "MongoDB database name (env AGENT_METRICS_DB_NAME).")
    var dbName = EnvironmentDefault.value("AGENT_METRICS_DB_NAME", default: "agent_metrics")

    @Option(help: "Time between passes: a Go duration (10s, 1m30s) or seconds (env AGENT_METRICS_WORKER_INTERVAL).")
    var interval = EnvironmentDefault.value(
        "AGENT_METRICS_WORKER_INTERVAL", default: DurationFlag(duration: .seconds(10)))

    @Flag(help: "Run one pass and exit 0 (env AGENT_METRICS_WORKER_ONCE=1).")
    var once = false

    @Flag(
        help: ArgumentHelp(
            "Recompute every aggregate from scratch, then continue (or exit with --once) "
                + "(env AGENT_METRICS_WORKER_REBUILD=1)."))
    var rebuild = false

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let signals = SignalWaiter()
        logging.bootstrap()
        let once = self.once || EnvironmentDefault.bool("AGENT_METRICS_WORKER_ONCE")
        let rebuild = self.rebuild || EnvironmentDefault.bool("AGENT_METRICS_WORKER_REBUILD")
        let logger = Logger(label: "agent-metrics.worker")
        let uri = mongoURI
        let pool = try MongoPool(configuration: MongoConfiguration(uri: uri, databaseName: dbName), logger: logger)
        defer { pool.shutdown() }
        let group = try EventLoopGroup(count: 1)
        defer { group.shutdown() }
        let worker = MetricsWorker(
            loop: group.loops[0], pool: pool,
            configuration: MetricsWorkerConfiguration(interval: interval.duration), logger: logger)
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
            let outcome = LockedValue<Result<PassReport, any Error>?>(nil)
            let done = Semaphore()
            Task(executorPreference: group.loops[0]) {
                await ensureIndexes()
                do {
                    let report = rebuild ? try await worker.rebuild() : try await worker.runOnce()
                    // Release the lease so the next cron run need not wait two intervals for it.
                    if once { await worker.stop() }
                    outcome.withLock { $0 = .success(report) }
                } catch {
                    outcome.withLock { $0 = .failure(error) }
                }
                done.signal()
            }
            done.wait()
            let report = try outcome.withLock { $0! }.get()
            logger.info(
                "worker pass done",
                metadata: [
                    "worker.leader": "\(report.leader)", "worker.counted": "\(report.countedRuns)",
                    "worker.recovered": "\(report.recovered)",
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
