/// Runs a router as an actor whose executor is one event loop, so routing and handling stay on the
/// thread that owns the connection.
public actor LoopPinnedResponder: HTTPResponder {
    private let loop: EventLoop
    private let router: Router

    /// Pins `router` to `loop`.
    public init(loop: EventLoop, router: Router) {
        self.loop = loop
        self.router = router
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        loop.asUnownedSerialExecutor()
    }

    /// The router's routes.
    public nonisolated var routeTags: [RouteTag] { router.routeTags }

    /// Routes in the actor's isolation: the caller is on the loop, which is this actor's executor.
    public nonisolated func start(_ request: HTTPRequest) -> HTTPResponderResult {
        assumeIsolated { responder in responder.router.start(request) }
    }
}
