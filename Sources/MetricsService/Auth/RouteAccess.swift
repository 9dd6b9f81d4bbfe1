/// Who may call a route: anyone, or a key with a scope.
public enum RouteAccess: Sendable, Equatable {
    /// No key needed (health checks, the dashboard page's own files).
    case open
    /// A key whose scope allows this one.
    case requires(APIScope)
}
