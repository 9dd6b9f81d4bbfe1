/// What a response answered, for metrics and the access log: the route's method and pattern, never the
/// raw path, so the number of label values is the number of routes.
///
/// A `Router` numbers its routes as they are added (see `Router.routeTags`); a response carries the
/// number in `HTTPResponse.routeIndex`, and each loop resolves it to its metric handles once.
public struct RouteTag: Sendable, Equatable {
    /// The route's method, or `other` for a path whose routes do not take the request's method.
    public var method: String
    /// The pattern as registered, e.g. `/api/v1/agents/{agentId}/runs`, or `unrouted`.
    public var pattern: String

    public init(method: String, pattern: String) {
        self.method = method
        self.pattern = pattern
    }

    /// Index 0 of every table: answers given before or without routing (parse errors, rate limits, 404s).
    public static let unrouted = RouteTag(method: "other", pattern: "unrouted")
}
