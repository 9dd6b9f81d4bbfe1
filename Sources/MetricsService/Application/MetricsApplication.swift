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
    private let retention: Duration?
    private let cors: CORSPolicy
    /// The API keys; nil serves every route without a key.
    private let keys: APIKeyStore?
    /// Shared by every loop's router, so a key's budget is process-wide.
    private let requestsPerKey: RateLimiter<String>?
    private let worker = LockedValue<MetricsWorker?>(nil)
    /// Where ingested runs go, resolved once per process (see `IngestTargets`).
    let ingestTargets = IngestTargets()
    /// Shared by every loop's router, so concurrent ingest requests share inserts (see `RunInsertQueue`).
    private let runs: RunStore
    private let observability: ObservabilityConfiguration
    /// Pass metrics of the in-process worker; nil without one.
    public let workerMonitor: WorkerMonitor?
    /// `/readyz`'s checks.
    public let readiness: ReadinessCheck
    /// The per-version business series of `/metrics`.
    public let versionMetrics: VersionMetrics
    /// Rendered `ui/timeseries` answers, shared by every loop's router.
    private let timeSeriesCache = RenderCache<String>()
    /// Version comparisons' thresholds (`ui/compare`, regressions, alerts).
    private let comparison: ComparisonConfiguration
    /// The in-process worker's regression alerts.
    private let alerts: AlertConfiguration?
    /// Rendered `ui/compare` answers, shared by every loop's router.
    private let compareCache = RenderCache<String>()
    /// Ingest signals it so the worker in this process starts a pass within `wakeDelay`, not the interval.
    private let wakeup = PassWakeup()
    /// `POST /v1/traces` settings, and its per-process state (resolved targets, learned models and tools).
    private let otlp: OTLPConfiguration
    private let otlpTargets = IngestTargets()
    private let otlpCatalog = VersionCatalog()
    private let otlpMetrics = OTLPMetrics()
    private let otlpSweeper: PendingSpanSweeper

    /// Creates the application on `pool`.
    ///
    /// - Parameter workerInterval: run the metrics worker in this process every interval (it refreshes the
    ///   dashboard after each pass); `nil` runs none, and the dashboard reloads stored aggregates instead.
    /// - Parameter retention: the worker deletes counted runs older than this (nil keeps every run).
    /// - Parameter cors: the origins whose pages may call the API from the browser (none by default).
    /// - Parameter keys: the API keys every non-open route requires (see `APIAccessPolicy`); `nil` leaves
    ///   every route open.
    /// - Parameter rateLimitPerKey: requests per API key name, shared by every loop; `nil` sets no limit.
    /// - Parameter observability: `/metrics` and `/readyz` settings.
    /// - Parameter otlp: `POST /v1/traces` settings.
    /// - Parameter comparison: the thresholds of version comparisons.
    /// - Parameter alerts: where the in-process worker sends regression alerts (nil: none).
    public init(
        pool: MongoPool,
        logger: Logger = Logger(label: "agent-metrics.service"),
        clock: WallClock = .system,
        workerInterval: Duration? = nil,
        retention: Duration? = nil,
        cors: CORSPolicy = CORSPolicy(),
        keys: APIKeyStore? = nil,
        rateLimitPerKey: TokenBucket.Limit? = nil,
        observability: ObservabilityConfiguration = ObservabilityConfiguration(),
        otlp: OTLPConfiguration = OTLPConfiguration(),
        comparison: ComparisonConfiguration = ComparisonConfiguration(),
        alerts: AlertConfiguration? = nil
    ) {
        self.otlp = otlp
        otlpSweeper = PendingSpanSweeper(
            store: PendingSpanStore(pool: pool), clock: clock, metrics: otlpMetrics, expiryMs: otlp.pendingExpiryMs,
            logger: logger)
        self.comparison = comparison
        self.alerts = alerts
        self.retention = retention
        self.observability = observability
        let monitor = workerInterval == nil ? nil : WorkerMonitor()
        workerMonitor = monitor
        let staleAfterMs =
            workerInterval.map {
                MetricsWorkerConfiguration.milliseconds($0) * Int64(observability.workerStaleIntervals)
            } ?? 0
        readiness = ReadinessCheck(
            pool: pool, monitor: monitor, staleAfterMs: staleAfterMs, cacheMs: observability.readinessCacheMs)
        versionMetrics = VersionMetrics(maxVersions: observability.maxVersions)
        self.cors = cors
        self.keys = keys
        self.requestsPerKey = rateLimitPerKey.map { RateLimiter(limit: $0) }
        self.pool = pool
        self.runs = RunStore(pool: pool)
        self.logger = logger
        self.clock = clock
        self.workerInterval = workerInterval
        self.indexes = IndexSetup(pool: pool, logger: logger)
        dashboard = workerInterval == nil ? Dashboard(refreshingFrom: pool, comparison: comparison) : Dashboard()
    }

    /// Starts background work on `loop`: index creation (retried on the loop's timers while MongoDB is
    /// down) and, when configured, the metrics worker actor. Serving does not wait for either.
    public func start(loop: EventLoop) {
        indexes.startRetrying(on: loop)
        otlpSweeper.start(on: loop)
        guard let workerInterval else {
            if alerts != nil {
                logger.warning("--alert-webhook is set but this server runs no worker: the worker process sends alerts")
            }
            dashboard.startRefreshing(on: loop)
            return
        }
        let metricsWorker = MetricsWorker(
            loop: loop, pool: pool, dashboard: dashboard,
            configuration: workerConfiguration(interval: workerInterval),
            logger: Logger(label: "agent-metrics.worker"), monitor: workerMonitor, wakeup: wakeup)
        worker.withLock { $0 = metricsWorker }
        Task(executorPreference: loop) { await metricsWorker.start() }
    }

    private func workerConfiguration(interval: Duration) -> MetricsWorkerConfiguration {
        var configuration = MetricsWorkerConfiguration(interval: interval, retention: retention)
        configuration.comparison = comparison
        configuration.alerts = alerts
        return configuration
    }

    /// Stops background work and waits for a worker pass in flight (releasing its lease); call after the
    /// server has drained and before the pool shuts down, from a thread that is not an event loop.
    public func stop() {
        indexes.stop()
        otlpSweeper.stop()
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
        let readiness = self.readiness
        router.get("/readyz") { _ in await readiness.response() }
        if let exposition = observability.exposition {
            let monitor = workerMonitor
            MetricsEndpoint(
                exposition: exposition, pool: pool, dashboard: dashboard, versions: versionMetrics,
                monitor: { monitor }
            ).register(in: &router)
        }
        let handler = APIHandler(logger: logger)
        let agents = AgentStore(pool: pool)
        let versions = VersionStore(pool: pool)
        AgentRoutes(agents: agents, indexes: indexes, clock: clock, handler: handler).register(in: &router)
        VersionRoutes(agents: agents, versions: versions, indexes: indexes, clock: clock, handler: handler)
            .register(in: &router)
        RunRoutes(
            agents: agents, versions: versions, runs: runs, indexes: indexes, clock: clock,
            handler: handler, targets: ingestTargets, wakeup: workerInterval == nil ? nil : wakeup,
            dashboard: workerInterval == nil ? nil : dashboard
        ).register(in: &router)
        OTLPRoutes(
            ingest: OTLPIngest(
                agents: agents, versions: versions, runs: RunStore(pool: pool), pending: PendingSpanStore(pool: pool),
                indexes: indexes, clock: clock, configuration: otlp, targets: otlpTargets, catalog: otlpCatalog,
                metrics: otlpMetrics, wakeup: workerInterval == nil ? nil : wakeup,
                dashboard: workerInterval == nil ? nil : dashboard),
            handler: handler
        ).register(in: &router)
        DashboardRoutes.register(into: &router, dashboard: dashboard)
        let uiReads = UIReadContext(
            dashboard: dashboard, store: TimeSeriesStore(pool: pool), agents: agents, versions: versions,
            handler: handler)
        TimeSeriesRoutes(context: uiReads, cache: timeSeriesCache).register(in: &router)
        CompareRoutes(context: uiReads, configuration: comparison, cache: compareCache).register(in: &router)
        DashboardPage.register(into: &router)
        OpenAPIDocument.register(into: &router)
        // Every route must have a rule, with or without keys, so a missing one fails every test at once.
        let authenticator = keys.map { APIAuthenticator(store: $0, logger: logger, rateLimiter: requestsPerKey) }
        let metricsOpen = observability.metricsOpen
        router.guardRoutes { method, pattern in
            // `--metrics-open`: a scraper on a private network needs no key.
            let access =
                metricsOpen && pattern == MetricsEndpoint.path
                ? .open : APIAccessPolicy.access(method: method, pattern: pattern)
            return authenticator?.routeGuard(for: access)
        }
        return router
    }
}
