import HTTPCore
import Logging

/// The service as the server sees it: builds one router per event loop.
///
/// `Main` and the integration tests both build the server through this type, so tests exercise exactly
/// the wiring that ships.
public struct MetricsApplication: Sendable {
    private let logger: Logger

    /// Creates the application.
    public init(logger: Logger = Logger(label: "agent-metrics.service")) {
        self.logger = logger
    }

    /// The routes, as an actor pinned to `loop`.
    public func makeResponder(loop: EventLoop) -> any HTTPResponder {
        LoopPinnedResponder(loop: loop, router: makeRouter())
    }

    /// All routes of the service.
    public func makeRouter() -> Router {
        var router = Router()
        router.get("/healthz", immediate: { _ in HealthHandler.response })
        return router
    }
}
