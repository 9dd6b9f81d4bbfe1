import HTTPCore
import TestSupport
import Testing

@testable import MetricsService

/// Every route × {no key, wrong key, each scope} against the real service, with the status each must get.
@Suite struct APIAuthMatrixTests {
    /// One key per scope, and a well-formed key that is in no file.
    static let keys: [APIScope: String] = [
        .ingest: "am_" + String(repeating: "i", count: 43),
        .read: "am_" + String(repeating: "r", count: 43),
        .admin: "am_" + String(repeating: "a", count: 43),
    ]
    static let unknownKey = "am_" + String(repeating: "u", count: 43)

    static func store() -> APIKeyStore {
        APIKeyStore(
            APIKeySet(
                APIScope.allCases.map { scope in
                    APIKeyRecord(scope: scope, hash: APIKeyHash(key: keys[scope]!), name: "\(scope.rawValue)-key")
                }))
    }

    /// A route of the matrix: its policy key, and the request to send as `caller` (so each allowed write
    /// creates something new and gets the same status whichever scope sends it).
    struct Route: Sendable {
        var method: String
        var pattern: String
        /// Written here independently of `APIAccessPolicy`, which must agree.
        var access: RouteAccess
        /// The status when the caller is allowed in.
        var allowed: Int
        var request: @Sendable (_ caller: String) -> (path: String, body: String?)
    }

    static let routes: [Route] = [
        Route(method: "GET", pattern: "/healthz", access: .open, allowed: 200) { _ in ("/healthz", nil) },
        Route(method: "GET", pattern: "/readyz", access: .open, allowed: 200) { _ in ("/readyz", nil) },
        Route(method: "GET", pattern: "/metrics", access: .requires(.read), allowed: 200) { _ in ("/metrics", nil) },
        Route(method: "GET", pattern: "/", access: .open, allowed: 200) { _ in ("/", nil) },
        Route(method: "GET", pattern: "/index.html", access: .open, allowed: 301) { _ in ("/index.html", nil) },
        Route(method: "GET", pattern: "/dashboard.js", access: .open, allowed: 200) { _ in ("/dashboard.js", nil) },
        Route(method: "GET", pattern: "/dashboard.css", access: .open, allowed: 200) { _ in ("/dashboard.css", nil) },
        Route(method: "GET", pattern: "/assets/{module}", access: .open, allowed: 200) { _ in ("/assets/api.js", nil) },
        Route(method: "GET", pattern: "/openapi.yaml", access: .open, allowed: 200) { _ in ("/openapi.yaml", nil) },
        Route(method: "GET", pattern: "/api/v1/agents", access: .requires(.read), allowed: 200) { _ in
            ("/api/v1/agents", nil)
        },
        Route(method: "POST", pattern: "/api/v1/agents/{name}/register", access: .requires(.ingest), allowed: 201) {
            caller in
            ("/api/v1/agents/bot-\(caller)/register", #"{"project":"p"}"#)
        },
        Route(method: "POST", pattern: "/api/v1/agents/{agentId}/versions", access: .requires(.ingest), allowed: 201) {
            caller in
            ("/api/v1/agents/seed/versions", #"{"version":"2.0.0-\#(caller)"}"#)
        },
        Route(method: "GET", pattern: "/api/v1/agents/{agentId}/versions", access: .requires(.read), allowed: 200) {
            _ in
            ("/api/v1/agents/seed/versions", nil)
        },
        Route(
            method: "GET", pattern: "/api/v1/agents/{agentId}/versions/{version}", access: .requires(.read),
            allowed: 200
        ) { _ in
            ("/api/v1/agents/seed/versions/1.0.0", nil)
        },
        Route(
            method: "POST", pattern: "/api/v1/agents/{agentId}/versions/{version}/runs", access: .requires(.ingest),
            allowed: 201
        ) { caller in
            let id = caller.utf8.reduce(0) { $0 &* 31 &+ Int($1) } & 0xFFFF
            return (
                "/api/v1/agents/seed/versions/1.0.0/runs",
                #"{"id":\#(id),"status":"completed","time_taken":"1s","created":"2024-01-01T00:00:00Z"}"#
            )
        },
        Route(
            method: "GET", pattern: "/api/v1/agents/{agentId}/versions/{version}/runs", access: .requires(.read),
            allowed: 200
        ) { _ in
            ("/api/v1/agents/seed/versions/1.0.0/runs", nil)
        },
        Route(method: "GET", pattern: "/api/v1/agents/{agentId}/runs", access: .requires(.read), allowed: 200) { _ in
            ("/api/v1/agents/seed/runs", nil)
        },
        Route(method: "GET", pattern: "/api/v1/ui/stats", access: .requires(.read), allowed: 200) { _ in
            ("/api/v1/ui/stats", nil)
        },
        Route(method: "GET", pattern: "/api/v1/ui/worker", access: .requires(.read), allowed: 200) { _ in
            ("/api/v1/ui/worker", nil)
        },
        Route(method: "GET", pattern: "/api/v1/ui/recent_activity", access: .requires(.read), allowed: 200) { _ in
            ("/api/v1/ui/recent_activity", nil)
        },
        Route(method: "GET", pattern: "/api/v1/ui/agent_versions", access: .requires(.read), allowed: 200) { _ in
            ("/api/v1/ui/agent_versions", nil)
        },
        Route(method: "GET", pattern: "/api/v1/ui/timeseries", access: .requires(.read), allowed: 200) { _ in
            ("/api/v1/ui/timeseries?agent=seed", nil)
        },
        Route(method: "POST", pattern: "/v1/traces", access: .requires(.ingest), allowed: 200) { _ in
            ("/v1/traces", #"{"resourceSpans":[]}"#)
        },
        Route(method: "GET", pattern: "/api/v1/ui/compare", access: .requires(.read), allowed: 200) { _ in
            ("/api/v1/ui/compare?agent=seed&base=1.0.0&candidate=1.0.0", nil)
        },
    ]

    @Test func theMatrixCoversEveryRouteTheServiceRegistersAndEveryPolicyEntry() throws {
        let pool = try MongoPool(configuration: MongoConfiguration(uri: "mongodb://127.0.0.1:1", databaseName: "x"))
        defer { pool.shutdown() }
        let registered = MetricsApplication(pool: pool, observability: APIServer.observability).makeRouter().routes
            .map { "\($0.method) \($0.pattern)" }
        let matrix = Self.routes.map { "\($0.method) \($0.pattern)" }
        #expect(Set(registered) == Set(matrix))
        #expect(Set(APIAccessPolicy.routes.keys) == Set(matrix))
        #expect(registered.count == matrix.count)
        for route in Self.routes {
            #expect(
                APIAccessPolicy.access(method: route.method, pattern: route.pattern) == route.access, "\(route.pattern)"
            )
        }
    }

    @Test func everyRouteAnswersEachCallerWithItsExpectedStatus() async throws {
        try await APIServer.with(keys: Self.store()) { server in
            // Seed with the admin key: an agent `seed` with version 1.0.0.
            let admin = [("Authorization", "Bearer \(Self.keys[.admin]!)")]
            #expect(
                try await server.send("POST", "/api/v1/agents/seed/register", #"{"project":"p"}"#, admin).status == 201)
            #expect(
                try await server.send("POST", "/api/v1/agents/seed/versions", #"{"version":"1.0.0"}"#, admin).status
                    == 201)

            let callers: [(name: String, headers: [(String, String)], scope: APIScope?)] =
                [
                    ("no-key", [], nil),
                    ("unknown-key", [("Authorization", "Bearer \(Self.unknownKey)")], nil),
                ] + APIScope.allCases.map { ($0.rawValue, [("Authorization", "Bearer \(Self.keys[$0]!)")], $0) }

            var failures: [String] = []
            for route in Self.routes {
                for caller in callers {
                    let expected: Int
                    switch (route.access, caller.scope) {
                    case (.open, _): expected = route.allowed
                    case (.requires, nil): expected = 401
                    case (.requires(let required), let scope?): expected = scope.allows(required) ? route.allowed : 403
                    }
                    let (path, body) = route.request(caller.name)
                    let response = try await server.send(route.method, path, body, caller.headers)
                    if response.status != expected {
                        failures.append(
                            "\(route.method) \(route.pattern) as \(caller.name): \(response.status), "
                                + "expected \(expected) " + response.bodyText)
                    }
                    if expected == 401 {
                        #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
                        #expect(response.errorCode == "unauthorized")
                    } else if expected == 403 {
                        #expect(response.errorCode == "forbidden")
                        #expect(response.header("WWW-Authenticate") == nil)
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
            // A 403 stores nothing; an allowed write really wrote.
            let written = try await server.count("agents", ["name": "bot-ingest"])
            let refused = try await server.count("agents", ["name": "bot-read"])
            #expect(written == 1 && refused == 0)
        }
    }

    @Test func theSameKeyWorksInXAPIKeyAndWithALowerCaseScheme() async throws {
        try await APIServer.with(keys: Self.store()) { server in
            let read = Self.keys[.read]!
            let headerForms = [
                [("X-API-Key", read)], [("authorization", "bearer \(read)")], [("AUTHORIZATION", "BEARER \(read)")],
                [("Authorization", "Bearer    \(read)")],
            ]
            for headers in headerForms {
                let response = try await server.send("GET", "/api/v1/agents", nil, headers)
                #expect(response.status == 200, "\(headers)")
            }
        }
    }
}
