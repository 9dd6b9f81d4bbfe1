/// Something that turns a request into a response: the router, or a single handler in tests.
///
/// The server creates one responder per event loop (see `HTTPServer.init`) and calls `start(_:)` on that
/// loop's thread, so a responder that is an actor pinned to the loop can route synchronously in its own
/// isolation. Responses that need no waiting (health checks, cached snapshots) come back at once and cost
/// no task; the rest come back as work the connection runs in a task on the same loop.
public protocol HTTPResponder: Sendable {
    /// Begins answering `request`; called on the loop thread that owns the connection.
    func start(_ request: HTTPRequest) -> HTTPResponderResult

    /// The routes its responses' `routeIndex` points into (index 0 is `RouteTag.unrouted`); read once per
    /// loop when the server starts.
    var routeTags: [RouteTag] { get }
}

/// What a responder made of a request.
public enum HTTPResponderResult: Sendable {
    /// The response, produced without suspending.
    case response(HTTPResponse)
    /// Work that produces the response; the connection awaits it in a task on its loop.
    case pending(@Sendable () async -> HTTPResponse)
}

extension HTTPResponder {
    /// No routes: every response counts as `unrouted`.
    public var routeTags: [RouteTag] { [.unrouted] }

    /// The response to `request`, awaiting pending work (for tests and in-process callers).
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        switch start(request) {
        case .response(let response): response
        case .pending(let work): await work()
        }
    }
}
