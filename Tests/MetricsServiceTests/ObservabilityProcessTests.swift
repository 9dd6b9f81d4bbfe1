import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The shipped binary's operational endpoints on nx-27017: `/metrics` as Prometheus parses it, the
/// per-version cap, `/readyz` with the database down.
///
/// Blocking work runs in `onThread` and hands back plain values; expectations are checked on the test's
/// own task so failures are attributed to the test.
@Suite(.serialized) struct ObservabilityProcessTests {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Polls `/metrics` until `condition` holds (the worker publishes on its own schedule), or fails.
    static func scrape(port: Int, until condition: (PrometheusText) -> Bool) throws -> PrometheusText {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let response = try TestClient.get("/metrics", port: port)
            let parsed = try PrometheusText(response.bodyText)
            if condition(parsed) { return parsed }
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "condition never held; last scrape:\n\(response.bodyText)")
            }
            usleep(100_000)
        }
    }

    /// Registers an agent and gives each version two runs (one success of 3 s, one failure of 40 s, 0.75
    /// dollars in all) at the given minute past 08:00, so the latest minute is the most recently active;
    /// returns the agent id.
    static func seed(port: Int, agent: String, versions: [(String, Int)]) throws -> String {
        let client = try TestClient(port: port)
        let registered = try client.request("POST", "/api/v1/agents/\(agent)/register", #"{"project":"p"}"#)
        guard let id = registered.object["id"] as? String else { throw Failure(description: "register failed") }
        for (version, minute) in versions {
            try addVersion(port: port, agent: id, version: version, minute: minute)
        }
        return id
    }

    /// Adds a version with the same two runs as `seed` at `minute` past 08:00.
    static func addVersion(port: Int, agent id: String, version: String, minute: Int) throws {
        let client = try TestClient(port: port)
        let made = try client.request("POST", "/api/v1/agents/\(id)/versions", #"{"version":"\#(version)"}"#)
        guard made.status == 201 else { throw Failure(description: "version: \(made.status)") }
        let runs = """
            {"runs":[{"created":"2026-01-01T08:\(minute):00Z","status":"completed",\
            "time_taken":"3s","cost":0.25,"id":1},
            {"created":"2026-01-01T08:\(minute):30Z","status":"failed","time_taken":"40s","cost":0.5,"id":2}]}
            """
        let stored = try client.request("POST", "/api/v1/agents/\(id)/versions/\(version)/runs", runs)
        guard stored.status == 201 else { throw Failure(description: "runs: \(stored.status)") }
    }

    @Test func metricsParseAsPrometheusTextWithServerAndBusinessFamilies() async throws {
        try await TestDatabase.with { database in
            let (id, statuses, contentType, metrics, exit) = try await onThread {
                let server = try ServerProcess(
                    arguments: [
                        "server", "--host", "127.0.0.1", "--port", "0", "--mongo-uri", database.uri, "--db-name",
                        database.databaseName, "--worker-interval", "200ms", "--metrics-open",
                    ])
                let port = try server.listeningPort()
                let id = try Self.seed(port: port, agent: "scout", versions: [("1.0.0", 10), ("1.1.0", 20)])
                let statuses = try ["/api/v1/agents/\(id)/versions/1.0.0/runs", "/healthz", "/nothing/here"].map {
                    try TestClient.get($0, port: port).status
                }
                let metrics = try Self.scrape(port: port) {
                    $0.samples("agent_metrics_worker_counted_runs").first?.value == 4
                        && $0.samples("agent_metrics_agent_newest_version").first?.labels["version"] == "1.1.0"
                }
                let contentType = try TestClient.get("/metrics", port: port).header("Content-Type")
                server.signal(SIGTERM)
                return (id, statuses, contentType, metrics, server.waitForExit())
            }
            #expect(statuses == [200, 200, 404])
            #expect(contentType == "text/plain; version=0.0.4; charset=utf-8")
            #expect(exit == 0)

            // Requests by route pattern and status class; never the raw path.
            let runsRoute = "/api/v1/agents/{agentId}/versions/{version}/runs"
            #expect(metrics.families["agent_metrics_http_requests"]?.type == "counter")
            let created = metrics.samples(
                "agent_metrics_http_requests", ["route": runsRoute, "method": "POST", "status_class": "2xx"])
            #expect(created.first?.value == 2)
            let unrouted = metrics.samples("agent_metrics_http_requests", ["route": "unrouted", "status_class": "4xx"])
            #expect(unrouted.first?.value == 1)
            let routes = Set(metrics.families.values.flatMap(\.samples).compactMap { $0.labels["route"] })
            #expect(routes.contains(runsRoute))
            #expect(!routes.contains { $0.contains(id) || $0.contains("1.0.0") }, "\(routes)")
            // Latency histogram per route.
            #expect(metrics.families["agent_metrics_http_request_duration_seconds"]?.type == "histogram")
            let healthCount = metrics.samples("agent_metrics_http_request_duration_seconds", ["route": "/healthz"])
                .first { $0.name.hasSuffix("_count") }
            #expect(healthCount?.value == 1)
            // Denied requests by status, present before any happened.
            for status in ["401", "403", "429"] {
                #expect(metrics.samples("agent_metrics_http_denied_requests", ["status": status]).first?.value == 0)
            }
            #expect((metrics.samples("agent_metrics_http_open_connections").first?.value ?? 0) >= 1)
            #expect((metrics.samples("agent_metrics_http_received_bytes").first?.value ?? 0) > 0)
            #expect((metrics.samples("agent_metrics_http_sent_bytes").first?.value ?? 0) > 0)
            #expect(metrics.families["agent_metrics_tls_handshakes"]?.type == "counter")
            #expect(metrics.families["agent_metrics_tls_handshake_failures"]?.type == "counter")
            // MongoDB pool and worker.
            #expect(metrics.samples("agent_metrics_mongo_threads_in_use").count == 1)
            #expect(metrics.samples("agent_metrics_mongo_queue_length").count == 1)
            #expect(metrics.samples("agent_metrics_mongo_circuit_open").first?.value == 0)
            #expect(metrics.families["agent_metrics_mongo_wait_seconds"]?.type == "histogram")
            #expect(metrics.families["agent_metrics_worker_pass_duration_seconds"]?.type == "histogram")
            #expect(metrics.samples("agent_metrics_worker_lease_holder").first?.value == 1)
            #expect(metrics.samples("agent_metrics_worker_lag_seconds").count == 1)
            // Business series of the agent's versions.
            let v1 = ["agent": "scout", "agent_id": id, "version": "1.0.0"]
            func value(_ family: String, _ extra: [String: String] = [:]) -> Double? {
                metrics.samples(family, v1.merging(extra) { $1 }).first?.value
            }
            #expect(value("agent_metrics_version_runs", ["outcome": "success"]) == 1)
            #expect(value("agent_metrics_version_runs", ["outcome": "failure"]) == 1)
            #expect(value("agent_metrics_version_runs", ["outcome": "in_progress"]) == 0)
            #expect(value("agent_metrics_version_spend_dollars") == 0.75)
            #expect(value("agent_metrics_version_success_ratio") == 0.5)
            #expect(value("agent_metrics_version_runtime_seconds_bucket", ["le": "5.0"]) == 1)
            #expect(value("agent_metrics_version_runtime_seconds_bucket", ["le": "60.0"]) == 2)
            #expect(value("agent_metrics_version_runtime_seconds_bucket", ["le": "+Inf"]) == 2)
            #expect(value("agent_metrics_version_runtime_seconds_sum") == 43)
            let newest = metrics.samples("agent_metrics_agent_newest_version", ["agent_id": id])
            #expect(newest.map { $0.labels["version"] } == ["1.1.0"])
        }
    }

    /// `--compare-min-runs 10`: 1.1.0, failing every run where 1.0.0 never failed, is judged worse; 1.0.0 has no
    /// predecessor, so no regression series.
    @Test func regressionVerdictsAreAGaugePerVersion() async throws {
        try await TestDatabase.with { database in
            let (id, metrics, exit) = try await onThread {
                let server = try ServerProcess(
                    arguments: [
                        "server", "--host", "127.0.0.1", "--port", "0", "--mongo-uri", database.uri, "--db-name",
                        database.databaseName, "--worker-interval", "200ms", "--metrics-open", "--compare-min-runs",
                        "10",
                    ])
                let port = try server.listeningPort()
                let client = try TestClient(port: port)
                let registered = try client.request("POST", "/api/v1/agents/judged/register", #"{"project":"p"}"#)
                guard let id = registered.object["id"] as? String else { throw Failure(description: "register failed") }
                for (version, status) in [("1.0.0", "completed"), ("1.1.0", "failed")] {
                    _ = try client.request("POST", "/api/v1/agents/\(id)/versions", #"{"version":"\#(version)"}"#)
                    let runs = (0..<20).map { #"{"id":\#($0),"status":"\#(status)","time_taken":"3s","cost":0.1}"# }
                    let stored = try client.request(
                        "POST", "/api/v1/agents/\(id)/versions/\(version)/runs",
                        #"{"runs":[\#(runs.joined(separator: ","))]}"#)
                    guard stored.status == 201 else { throw Failure(description: "runs: \(stored.status)") }
                }
                let metrics = try Self.scrape(port: port) {
                    !$0.samples("agent_metrics_version_regression", ["agent_id": id]).isEmpty
                }
                server.signal(SIGTERM)
                return (id, metrics, server.waitForExit())
            }
            #expect(exit == 0)
            #expect(metrics.families["agent_metrics_version_regression"]?.type == "gauge")
            let samples = metrics.samples("agent_metrics_version_regression", ["agent_id": id])
            #expect(samples.map { $0.labels["version"] } == ["1.1.0"])
            #expect(samples.first?.value == 1)
        }
    }

    @Test func businessSeriesAreCappedToTheMostRecentlyActiveVersions() async throws {
        try await TestDatabase.with { database in
            let (id, metrics, later, exit) = try await onThread {
                let server = try ServerProcess(
                    arguments: [
                        "server", "--host", "127.0.0.1", "--port", "0", "--mongo-uri", database.uri, "--db-name",
                        database.databaseName, "--worker-interval", "200ms",
                    ],
                    environment: ["AGENT_METRICS_METRICS_MAX_VERSIONS": "2"])
                let port = try server.listeningPort()
                let id = try Self.seed(port: port, agent: "capped", versions: [("1", 10), ("2", 30), ("3", 20)])
                let metrics = try Self.scrape(port: port) { parsed in
                    parsed.samples("agent_metrics_worker_counted_runs").first?.value == 6
                        && parsed.samples("agent_metrics_version_spend_dollars").allSatisfy { $0.value == 0.75 }
                }
                // A newer run on a new version pushes the least recently active exported one out.
                try Self.addVersion(port: port, agent: id, version: "4", minute: 40)
                let later = try Self.scrape(port: port) { parsed in
                    parsed.samples("agent_metrics_worker_counted_runs").first?.value == 8
                        && parsed.samples("agent_metrics_version_spend_dollars", ["version": "4"]).first?.value == 0.75
                }
                server.signal(SIGTERM)
                return (id, metrics, later, server.waitForExit())
            }
            #expect(exit == 0)
            let families = [
                "agent_metrics_version_runs", "agent_metrics_version_spend_dollars",
                "agent_metrics_version_success_ratio", "agent_metrics_version_runtime_seconds_bucket",
                "agent_metrics_version_runtime_seconds_count", "agent_metrics_version_last_run_timestamp_seconds",
                "agent_metrics_version_created_timestamp_seconds",
            ]
            for family in families {
                let versions = Set(metrics.samples(family, ["agent_id": id]).compactMap { $0.labels["version"] })
                #expect(versions == ["2", "3"], "\(family)")
                let after = Set(later.samples(family, ["agent_id": id]).compactMap { $0.labels["version"] })
                #expect(after == ["4", "2"], "\(family) after version 4")
            }
            // 3 left the set: its series are gone, not frozen.
            #expect(later.samples("agent_metrics_version_runs", ["version": "3"]).isEmpty)
            #expect(
                later.samples("agent_metrics_agent_newest_version", ["agent_id": id]).map { $0.labels["version"] } == [
                    "4"
                ])
        }
    }

    @Test func readyzNamesTheDatabaseWhenItIsDownAndHealthzStaysUp() async throws {
        let port = try TestDatabase.freePort()
        let (ready, body, health, exit) = try await onThread {
            let server = try ServerProcess(arguments: [
                "server", "--host", "127.0.0.1", "--port", "0", "--no-worker", "--mongo-uri",
                "mongodb://127.0.0.1:\(port)/?serverSelectionTimeoutMS=300",
            ])
            let serverPort = try server.listeningPort()
            let ready = try TestClient.get("/readyz", port: serverPort)
            let health = try TestClient.get("/healthz", port: serverPort).status
            server.signal(SIGTERM)
            return (ready.status, ready.bodyText, health, server.waitForExit())
        }
        #expect(ready == 503)
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        #expect(object?["status"] as? String == "unavailable")
        #expect(object?["checks"] as? [String: String] == ["database": "unreachable", "worker": "not_running"])
        #expect(health == 200)
        #expect(exit == 0)
    }
}
