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

    /// Routes on the caller's thread, which must be the loop (the actor's executor). The router is an
    /// immutable `Sendable` value, so routing needs no isolation; checking the thread instead of calling
    /// `assumeIsolated` saves the runtime's executor lookup on every request (about 3% of a `/healthz`
    /// request's CPU in the c=50 profile, see BENCHMARKS.md).
    public nonisolated func start(_ request: HTTPRequest) -> HTTPResponderResult {
        loop.assertInLoop()
        return router.start(request)
    }
}
