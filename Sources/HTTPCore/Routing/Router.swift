import Logging

/// Handles one routed request. Throw `HTTPError` to send a specific error response.
public typealias HTTPHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse

/// Handles one routed request without suspending (static answers, in-memory snapshots).
public typealias HTTPImmediateHandler = @Sendable (HTTPRequest) throws -> HTTPResponse

/// Checks a request at routing time, before its handler runs or any task is created: `nil` lets the request
/// through, a response refuses it (e.g. 401 for a missing credential). Runs on the connection's loop thread,
/// so it must be cheap and must not block.
public typealias HTTPRouteGuard = @Sendable (HTTPRequest) -> HTTPResponse?

/// Handles one routed request in place when it can, or hands back work to await (a cached snapshot
/// that may, rarely, not be ready yet).
public typealias HTTPDeferrableHandler = @Sendable (HTTPRequest) -> HTTPResponderResult

/// A route's handler: awaited in a task, called in place, or called in place and awaited only when it asks.
enum RouteHandler: Sendable {
    case async(HTTPHandler)
    case immediate(HTTPImmediateHandler)
    case deferrable(HTTPDeferrableHandler)
}

/// Dispatches requests to handlers by method and path pattern.
///
/// Build it once at start-up with `add`/`get`/`post`/…, then share it: it is an immutable value.
///
/// Matching rules:
/// - Paths are split on `/`. A literal segment matches the raw (still percent-encoded) segment exactly;
///   `{name}` matches any single non-empty segment, and its percent-decoded value is put in
///   `request.pathParameters["name"]` (a bad escape or invalid UTF-8 gives 400 `bad_request`).
/// - Literal segments win over parameters (`/agents/register` over `/agents/{id}`), falling back to the
///   parameter when the literal branch has no route for the rest of the path.
/// - The path alone picks the route; the method is checked afterwards, so a method the most specific
///   matching path lacks gives 405 with `Allow`, even if a less specific pattern has that method.
/// - A trailing slash is significant: `/x/` does not match `/x` (404). Normalising would give one
///   resource two URLs and make relative links resolve differently, so clients must use the exact path.
/// - `HEAD` uses the `GET` handler when no `HEAD` route exists; the connection drops the body.
/// - With a `CORSPolicy` that allows origins, a preflight to a known path is answered from the path's methods
///   without reaching a handler, and every response gets the policy's headers (see `CORSPolicy`).
public struct Router: HTTPResponder {
    private var trie = RouteTrie()
    private let logger: Logger
    private let cors: CORSPolicy
    /// Every route as added, numbered for `HTTPResponse.routeIndex`: index 0 is `RouteTag.unrouted`, then
    /// one tag per method and pattern, and one `other` tag per pattern for its 405s and preflights.
    public private(set) var routeTags: [RouteTag] = [.unrouted]

    /// Creates an empty router. Handler errors other than `HTTPError` are logged at debug to `logger`.
    public init(logger: Logger = Logger(label: "agent-metrics.router"), cors: CORSPolicy = CORSPolicy()) {
        self.logger = logger
        self.cors = cors
    }

    /// Registers `handler` for `method` (case-sensitive, e.g. `GET`) and `pattern`
    /// (e.g. `/api/v1/agents/{agentId}/versions/{version}/runs`).
    ///
    /// Traps on a malformed pattern or a second registration of the same method and pattern shape.
    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping HTTPHandler) {
        insert(method, pattern, .async(handler))
    }

    /// Registers a handler that answers without suspending; the connection runs it in place, with no task.
    public mutating func add(_ method: String, _ pattern: String, immediate handler: @escaping HTTPImmediateHandler) {
        insert(method, pattern, .immediate(handler))
    }

    private mutating func insert(_ method: String, _ pattern: String, _ handler: RouteHandler) {
        routeTags.append(RouteTag(method: method, pattern: pattern))
        let node = trie.insert(RoutePattern(pattern), method: method, handler: handler, tag: routeTags.count - 1)
        if trie.nodes[node].otherTag == 0 {
            routeTags.append(RouteTag(method: "other", pattern: pattern))
            trie.setOtherTag(routeTags.count - 1, of: node)
        }
    }

    /// Registers a `GET` route answered in place, or awaited in a task when the handler returns `.pending`
    /// (which also serves `HEAD`). Only the pending answers cost a task.
    public mutating func get(_ pattern: String, deferrable handler: @escaping HTTPDeferrableHandler) {
        trie.insert(RoutePattern(pattern), method: "GET", handler: .deferrable(handler))
    }

    /// Registers a `GET` route answered without suspending (which also serves `HEAD`).
    public mutating func get(_ pattern: String, immediate handler: @escaping HTTPImmediateHandler) {
        add("GET", pattern, immediate: handler)
    }

    /// Registers a `GET` route (which also serves `HEAD`).
    public mutating func get(_ pattern: String, _ handler: @escaping HTTPHandler) {
        add("GET", pattern, handler)
    }

    /// Registers a `POST` route.
    public mutating func post(_ pattern: String, _ handler: @escaping HTTPHandler) {
        add("POST", pattern, handler)
    }

    /// Registers a `PUT` route.
    public mutating func put(_ pattern: String, _ handler: @escaping HTTPHandler) {
        add("PUT", pattern, handler)
    }

    /// Registers a `DELETE` route.
    public mutating func delete(_ pattern: String, _ handler: @escaping HTTPHandler) {
        add("DELETE", pattern, handler)
    }

    /// Every registered route as (method, pattern), in registration order.
    public var routes: [(method: String, pattern: String)] {
        trie.registrations.map { ($0.method, $0.pattern) }
    }

    /// Attaches a guard to every route registered so far: `make` is called once per route with its method and
    /// pattern (as registered) and answers the route's guard, or `nil` for none. Call after the last `add`.
    ///
    /// The guard runs after the route is found (unknown paths still get 404, wrong methods 405) and before
    /// path parameters are decoded or the handler is called.
    public mutating func guardRoutes(_ make: (_ method: String, _ pattern: String) -> HTTPRouteGuard?) {
        trie.setGuards(make)
    }

    /// Routes `request`: immediate handlers and routing errors answer at once, async handlers come back as
    /// pending work. Every failure becomes an error response.
    public func start(_ request: HTTPRequest) -> HTTPResponderResult {
        // Off by default, and then this one branch is all CORS costs.
        guard cors.isEnabled else { return route(request) }
        let decision = cors.decide(origin: request.headers["Origin"])
        if CORSPolicy.isPreflight(request), let match = trie.match(request.path) {
            let methods = Self.allowedMethods(trie.nodes[match.node].entries)
            var response = CORSPolicy.preflightResponse(decision, methods: methods)
            response.routeIndex = trie.nodes[match.node].otherTag
            return .response(response)
        }
        switch route(request) {
        case .response(var response):
            CORSPolicy.apply(decision, to: &response)
            return .response(response)
        case .pending(let work):
            return .pending {
                var response = await work()
                CORSPolicy.apply(decision, to: &response)
                return response
            }
        }
    }

    private func route(_ request: HTTPRequest) -> HTTPResponderResult {
        guard let match = trie.match(request.path) else {
            return .response(
                HTTPError(.notFound, code: "not_found", message: "No route matches the request path.").response)
        }
        let entries = trie.nodes[match.node].entries
        guard let entry = Self.entry(for: request.method, in: entries) else {
            var response = Self.methodNotAllowed(entries)
            response.routeIndex = trie.nodes[match.node].otherTag
            return .response(response)
        }
        if let routeGuard = entry.routeGuard, let refusal = routeGuard(request) {
            return .response(refusal)
        }
        var request = request
        if !match.captures.isEmpty {
            var parameters: [String: String] = [:]
            parameters.reserveCapacity(match.captures.count)
            for (name, range) in zip(entry.parameterNames, match.captures) {
                let utf8 = request.path.utf8
                let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
                let upper = utf8.index(lower, offsetBy: range.count)
                guard let value = PercentDecoding.decode(request.path[lower..<upper], plusAsSpace: false) else {
                    var response = HTTPError(
                        .badRequest, code: "bad_request",
                        message: "Path parameter '\(name)' is not valid percent-encoded UTF-8."
                    ).response
                    response.routeIndex = entry.tag
                    return .response(response)
                }
                parameters[name] = value
            }
            request.pathParameters = parameters
        }
        let tag = entry.tag
        switch entry.handler {
        case .immediate(let handler):
            var response: HTTPResponse
            do {
                response = try handler(request)
            } catch {
                response = errorResponse(error, request: request)
            }
            response.routeIndex = tag
            return .response(response)
        case .deferrable(let handler):
            switch handler(request) {
            case .response(var response):
                response.routeIndex = tag
                return .response(response)
            case .pending(let work):
                return .pending {
                    var response = await work()
                    response.routeIndex = tag
                    return response
                }
            }
        case .async(let handler):
            let routed = request
            return .pending { [self] in
                var response: HTTPResponse
                do {
                    response = try await handler(routed)
                } catch {
                    response = errorResponse(error, request: routed)
                }
                response.routeIndex = tag
                return response
            }
        }
    }

    private func errorResponse(_ error: any Error, request: HTTPRequest) -> HTTPResponse {
        if let error = error as? HTTPError { return error.response }
        // The message may carry internals (queries, hosts), so it goes to the log, not the client.
        logger.debug(
            "Handler failed",
            metadata: [
                "request.id": "\(request.requestID)", "request.method": "\(request.method)",
                "request.path": "\(request.path)",
                "error.type": "\(type(of: error))", "error.description": "\(error)",
            ])
        return HTTPError(.internalServerError, code: "internal_error", message: "Internal server error.").response
    }

    private static func entry(for method: String, in entries: [RouteTrie.Entry]) -> RouteTrie.Entry? {
        if let entry = entries.first(where: { $0.method == method }) { return entry }
        if method == "HEAD" { return entries.first { $0.method == "GET" } }
        return nil
    }

    /// The methods a path's routes accept, `HEAD` included wherever `GET` serves it.
    private static func allowedMethods(_ entries: [RouteTrie.Entry]) -> [String] {
        var allowed: [String] = []
        for entry in entries {
            allowed.append(entry.method)
            if entry.method == "GET" && !entries.contains(where: { $0.method == "HEAD" }) {
                allowed.append("HEAD")
            }
        }
        return allowed
    }

    private static func methodNotAllowed(_ entries: [RouteTrie.Entry]) -> HTTPResponse {
        let allowed = allowedMethods(entries)
        return HTTPError(
            .methodNotAllowed, code: "method_not_allowed",
            message: "Method not allowed. Allowed: \(allowed.joined(separator: ", ")).",
            headers: HTTPHeaders([("Allow", allowed.joined(separator: ", "))])
        ).response
    }
}
