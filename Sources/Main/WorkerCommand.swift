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

    @Option(help: "MongoDB connection string (default: $MONGO_URL, else mongodb://localhost:27017).")
    var mongoURI: String?

    @Option(help: "MongoDB database name.")
    var dbName = "agent_metrics"

    @Option(help: "Time between passes: a Go duration (10s, 1m30s) or seconds.")
    var interval = DurationFlag(duration: .seconds(10))

    @Flag(help: "Run one pass and exit 0.")
    var once = false

    @Flag(help: "Recompute every aggregate from scratch, then continue (or exit with --once).")
    var rebuild = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = Logger.Level.info

    func run() throws {
        let signals = SignalWaiter()
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "agent-metrics.worker")
        let uri = mongoURI ?? ProcessInfo.processInfo.environment["MONGO_URL"] ?? "mongodb://localhost:27017"
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
            let rebuild = self.rebuild
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
