import HTTPCore
import Logging

/// The service as the server sees it: builds one router per event loop.
///
/// `Main` and the integration tests both build the server through this type, so tests exercise exactly
/// the wiring that ships.
public struct MetricsApplication: Sendable {
    private let logger: Logger
    /// The process's MongoDB pool; owned by the caller, who shuts it down after the server drains.
    public let pool: MongoPool
    /// Index creation, retried in the background until MongoDB answers.
    public let indexes: IndexSetup
    private let clock: WallClock
    /// The in-memory dashboard the UI routes read.
    public let dashboard: Dashboard
    private let workerInterval: Duration?
    private let cors: CORSPolicy
    private let worker = LockedValue<MetricsWorker?>(nil)
    /// Ingest signals it so the worker in this process starts a pass within `wakeDelay`, not the interval.
    private let wakeup = PassWakeup()

    /// Creates the application on `pool`.
    ///
    /// - Parameter workerInterval: run the metrics worker in this process every interval (it refreshes the
    ///   dashboard after each pass); `nil` runs none, and the dashboard reloads stored aggregates instead.
    /// - Parameter cors: the origins whose pages may call the API from the browser (none by default).
    public init(
        pool: MongoPool,
        logger: Logger = Logger(label: "agent-metrics.service"),
        clock: WallClock = .system,
        workerInterval: Duration? = nil,
        cors: CORSPolicy = CORSPolicy()
    ) {
        self.cors = cors
        self.pool = pool
        self.logger = logger
        self.clock = clock
        self.workerInterval = workerInterval
        self.indexes = IndexSetup(pool: pool, logger: logger)
        dashboard = workerInterval == nil ? Dashboard(refreshingFrom: pool) : Dashboard()
    }

    /// Starts background work on `loop`: index creation (retried on the loop's timers while MongoDB is
    /// down) and, when configured, the metrics worker actor. Serving does not wait for either.
    public func start(loop: EventLoop) {
        indexes.startRetrying(on: loop)
        guard let workerInterval else {
            dashboard.startRefreshing(on: loop)
            return
        }
        let metricsWorker = MetricsWorker(
            loop: loop, pool: pool, dashboard: dashboard,
            configuration: MetricsWorkerConfiguration(interval: workerInterval),
            logger: Logger(label: "agent-metrics.worker"), wakeup: wakeup)
        worker.withLock { $0 = metricsWorker }
        Task(executorPreference: loop) { await metricsWorker.start() }
    }

    /// Stops background work and waits for a worker pass in flight (releasing its lease); call after the
    /// server has drained and before the pool shuts down, from a thread that is not an event loop.
    public func stop() {
        indexes.stop()
        dashboard.stopRefreshing()
        guard let metricsWorker = worker.withLock({ $0 }) else { return }
        let stopped = Semaphore()
        Task(executorPreference: metricsWorker.loop) {
            await metricsWorker.stop()
            stopped.signal()
        }
        stopped.wait()
    }

    /// The routes, as an actor pinned to `loop`.
    public func makeResponder(loop: EventLoop) -> any HTTPResponder {
        LoopPinnedResponder(loop: loop, router: makeRouter())
    }

    /// All routes of the service.
    public func makeRouter() -> Router {
        var router = Router(cors: cors)
        router.get("/healthz", immediate: { _ in HealthHandler.response })
        let handler = APIHandler(logger: logger)
        let agents = AgentStore(pool: pool)
        let versions = VersionStore(pool: pool)
        AgentRoutes(agents: agents, indexes: indexes, clock: clock, handler: handler).register(in: &router)
        VersionRoutes(agents: agents, versions: versions, indexes: indexes, clock: clock, handler: handler)
            .register(in: &router)
        RunRoutes(
            agents: agents, versions: versions, runs: RunStore(pool: pool), indexes: indexes, clock: clock,
            handler: handler, wakeup: workerInterval == nil ? nil : wakeup,
            dashboard: workerInterval == nil ? nil : dashboard
        ).register(in: &router)
        DashboardRoutes.register(into: &router, dashboard: dashboard)
        DashboardPage.register(into: &router)
        return router
    }
}
