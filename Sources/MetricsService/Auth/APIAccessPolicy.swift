/// The access rule of every route, in one table, so a security review reads one file.
///
/// `MetricsApplication.makeRouter()` looks up each registered route here and traps when one is missing, so a new
/// route cannot ship without a decision; the auth matrix test walks this table against the router.
public enum APIAccessPolicy {
    /// `"METHOD pattern"` (the pattern exactly as registered) to its rule.
    public static let routes: [String: RouteAccess] = [
        "GET /healthz": .open,
        "GET /readyz": .open,
        // Open instead with `--metrics-open` (see `MetricsApplication.makeRouter()`).
        "GET /metrics": .requires(.read),
        "GET /": .open,
        "GET /index.html": .open,
        "GET /dashboard.js": .open,
        "GET /dashboard.css": .open,
        "GET /assets/{module}": .open,
        "GET /openapi.yaml": .open,
        "GET /api/v1/agents": .requires(.read),
        "POST /api/v1/agents/{name}/register": .requires(.ingest),
        "POST /api/v1/agents/{agentId}/versions": .requires(.ingest),
        "GET /api/v1/agents/{agentId}/versions": .requires(.read),
        "GET /api/v1/agents/{agentId}/versions/{version}": .requires(.read),
        "POST /api/v1/agents/{agentId}/versions/{version}/runs": .requires(.ingest),
        "GET /api/v1/agents/{agentId}/versions/{version}/runs": .requires(.read),
        "GET /api/v1/agents/{agentId}/runs": .requires(.read),
        "GET /api/v1/ui/stats": .requires(.read),
        "GET /api/v1/ui/worker": .requires(.read),
        "GET /api/v1/ui/recent_activity": .requires(.read),
        "GET /api/v1/ui/agent_versions": .requires(.read),
        "GET /api/v1/ui/timeseries": .requires(.read),
        "GET /api/v1/ui/compare": .requires(.read),
        // OTLP/HTTP trace export: runs from OpenTelemetry spans.
        "POST /v1/traces": .requires(.ingest),
    ]

    /// The rule for a route; traps when the table has none (a programming error caught at start-up).
    public static func access(method: String, pattern: String) -> RouteAccess {
        guard let access = routes["\(method) \(pattern)"] else {
            preconditionFailure("No access rule for \(method) \(pattern) in APIAccessPolicy.routes")
        }
        return access
    }
}
