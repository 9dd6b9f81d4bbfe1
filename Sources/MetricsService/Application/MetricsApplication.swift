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

    /// Creates the application on `pool`.
    public init(
        pool: MongoPool,
        logger: Logger = Logger(label: "agent-metrics.service"),
        clock: WallClock = .system
    ) {
        self.pool = pool
        self.logger = logger
        self.clock = clock
        self.indexes = IndexSetup(pool: pool, logger: logger)
    }

    /// Starts creating indexes in the background (retrying on `loop`'s timers while MongoDB is
    /// down). Serving does not wait for it.
    public func start(loop: EventLoop) {
        indexes.startRetrying(on: loop)
    }

    /// Stops background work; call after the server has drained and before the pool shuts down.
    public func stop() {
        indexes.stop()
    }

    /// The routes, as an actor pinned to `loop`.
    public func makeResponder(loop: EventLoop) -> any HTTPResponder {
        LoopPinnedResponder(loop: loop, router: makeRouter())
    }

    /// All routes of the service.
    public func makeRouter() -> Router {
        var router = Router()
        router.get("/healthz", immediate: { _ in HealthHandler.response })
        let handler = APIHandler(logger: logger)
        let agents = AgentStore(pool: pool)
        let versions = VersionStore(pool: pool)
        AgentRoutes(agents: agents, indexes: indexes, clock: clock, handler: handler).register(in: &router)
        VersionRoutes(agents: agents, versions: versions, indexes: indexes, clock: clock, handler: handler)
            .register(in: &router)
        RunRoutes(
            agents: agents, versions: versions, runs: RunStore(pool: pool), indexes: indexes, clock: clock,
            handler: handler
        ).register(in: &router)
        return router
    }
}
