import Foundation
import Testing

@testable import MetricsService

/// `GET /api/v1/ui/compare` over HTTP, from aggregates and buckets the server's own worker counted.
@Suite(.serialized) struct CompareAPITests {
    /// Registers `cmp` with versions 1.0.0 and 1.1.0; returns its id.
    static func register(_ server: APIServer) async throws -> String {
        try await server.register("cmp", versions: ["1.0.0", "1.1.0"])
    }

    /// `count` runs created at `created`, one in `failEvery` failed, runtimes `seconds` ± 40% and costs `cost`
    /// ± 40% in a fixed pattern (so means and p95 are known to within rounding).
    static func post(
        _ server: APIServer, _ version: String, firstID: Int = 0, count: Int, created: String, failEvery: Int,
        seconds: Double, cost: Double
    ) async throws {
        let runs = (0..<count).map { index in
            let spread = 0.6 + 0.8 * Double(index % 10) / 9
            let status = index % failEvery == 0 ? "failed" : "completed"
            return #"{"id": \#(firstID + index), "created": "\#(created)", "status": "\#(status)", "#
                + #""time_taken": "\#(seconds * spread)s", "cost": \#(cost * spread)}"#
        }
        let response = try await server.request(
            "POST", "/api/v1/agents/cmp/versions/\(version)/runs", #"{"runs": [\#(runs.joined(separator: ","))]}"#)
        #expect(response.status == 201, "\(response.bodyText)")
    }

    static func compare(_ server: APIServer, _ query: String) async throws -> [String: Any] {
        try await server.getJSON("/api/v1/ui/compare", query).object
    }

    static func verdicts(_ body: [String: Any]) -> [String] {
        (body["metrics"] as? [[String: Any]] ?? []).map { $0["verdict"] as? String ?? "?" }
    }

    @Test func aClearRegressionIsWorseOnEveryMetricWithBothVersionsFigures() async throws {
        try await APIServer.with(workerInterval: .seconds(3600)) { server in
            let agentId = try await Self.register(server)
            try await Self.post(
                server, "1.0.0", count: 400, created: "2024-05-01T10:00:00Z", failEvery: 20, seconds: 10, cost: 0.01)
            try await Self.post(
                server, "1.1.0", count: 400, created: "2024-05-02T10:00:00Z", failEvery: 5, seconds: 14, cost: 0.015)
            try await TimeSeriesAPITests.waitForCounted(server, 800)

            let body = try await Self.compare(server, "agent=cmp&base=1.0.0&candidate=1.1.0")
            #expect(Set(body.keys) == ["agent", "since", "minimumRuns", "base", "candidate", "metrics", "verdict"])
            #expect(body["verdict"] as? String == "worse")
            #expect(body["since"] is NSNull)
            #expect(body["minimumRuns"] as? Int == 200)
            #expect((body["agent"] as? [String: Any])?["id"] as? String == agentId)
            #expect((body["agent"] as? [String: Any])?["name"] as? String == "cmp")
            let metrics = try #require(body["metrics"] as? [[String: Any]])
            #expect(
                metrics.map { $0["metric"] as? String } == ["successRate", "avgRuntime", "p95Runtime", "costPerRun"])
            #expect(Self.verdicts(body) == ["worse", "worse", "worse", "worse"])
            let success = metrics[0]
            #expect(success["base"] as? Double == 95)
            #expect(success["candidate"] as? Double == 80)
            #expect(success["difference"] as? Double == -15)
            #expect((success["pValue"] as? Double ?? 1) < 1e-6)
            #expect(metrics[1]["base"] as? Double == 10)
            #expect(metrics[1]["candidate"] as? Double == 14)
            #expect(metrics[3]["base"] as? Double == 0.01)
            let base = try #require(body["base"] as? [String: Any])
            #expect(base["version"] as? String == "1.0.0")
            #expect(base["runs"] as? Int == 400)
            #expect(base["failures"] as? Int == 20)
            #expect(base["spend"] as? Double == 4)
            #expect(
                Set(base.keys) == [
                    "version", "runs", "successes", "failures", "successRate", "avgRuntime", "p50Runtime", "p95Runtime",
                    "costPerRun", "spend",
                ])
            // The agent by id; the reverse comparison is better everywhere.
            let reverse = try await Self.compare(server, "agent=\(agentId)&base=1.1.0&candidate=1.0.0")
            #expect(Self.verdicts(reverse) == ["better", "better", "better", "better"])
            #expect(reverse["verdict"] as? String == "better")
            let same = try await Self.compare(server, "agent=cmp&base=1.0.0&candidate=1.0.0")
            #expect(Self.verdicts(same) == ["no_change", "no_change", "no_change", "no_change"])
        }
    }

    /// `agent_versions` rows carry the regression against the predecessor, in the server running the worker and in
    /// a server without one that reloads from storage.
    @Test func versionRowsCarryTheirRegressionOnceBothSidesHaveTheMinimumRuns() async throws {
        try await TestDatabase.with { database in
            try await APIServer.with(
                uri: database.uri, databaseName: database.databaseName, workerInterval: .seconds(3600)
            ) { server in
                _ = try await Self.register(server)
                try await Self.post(
                    server, "1.0.0", count: 300, created: "2024-05-01T10:00:00Z", failEvery: 20, seconds: 10,
                    cost: 0.01)
                try await Self.post(
                    server, "1.1.0", count: 199, created: "2024-05-02T10:00:00Z", failEvery: 5, seconds: 14, cost: 0.015
                )
                try await TimeSeriesAPITests.waitForCounted(server, 499)
                var rows = try await server.request("GET", "/api/v1/ui/agent_versions").array
                #expect(rows.count == 2)
                #expect(rows.allSatisfy { $0["regression"] is NSNull })

                try await Self.post(
                    server, "1.1.0", firstID: 1_000, count: 1, created: "2024-05-02T10:00:00Z", failEvery: 5,
                    seconds: 14, cost: 0.015)
                try await TimeSeriesAPITests.waitForCounted(server, 500)
                rows = try await server.request("GET", "/api/v1/ui/agent_versions").array
                let byVersion = Dictionary(uniqueKeysWithValues: rows.map { ($0["version"] as? String ?? "", $0) })
                #expect(byVersion["1.0.0"]?["regression"] is NSNull)
                let regression = try #require(byVersion["1.1.0"]?["regression"] as? [String: Any])
                #expect(Set(regression.keys) == ["against", "verdict", "metrics"])
                #expect(regression["against"] as? String == "1.0.0")
                #expect(regression["verdict"] as? String == "worse")
                let metrics = regression["metrics"] as? [[String: Any]] ?? []
                #expect(metrics.map { $0["verdict"] as? String } == ["worse", "worse", "worse", "worse"])
                // The same figures as ui/compare's.
                let compare = try await Self.compare(server, "agent=cmp&base=1.0.0&candidate=1.1.0")
                #expect(
                    (compare["metrics"] as? [[String: Any]] ?? []).map { $0["pValue"] as? Double }
                        == metrics.map { $0["pValue"] as? Double })

                try await APIServer.with(uri: database.uri, databaseName: database.databaseName) { reader in
                    let start = ContinuousClock.now
                    var found: [String: Any]?
                    while found == nil, ContinuousClock.now - start < .seconds(10) {
                        found =
                            try await reader.request("GET", "/api/v1/ui/agent_versions?agent=cmp").array
                            .first { $0["version"] as? String == "1.1.0" }?["regression"] as? [String: Any]
                        if found == nil { try await Task.sleep(for: .milliseconds(50)) }
                    }
                    #expect(found?["against"] as? String == "1.0.0")
                    #expect(found?["verdict"] as? String == "worse")
                }
            }
        }
    }

    /// The candidate's bad runs all came before the deploy window: with `since` it is compared on the later
    /// runs only.
    @Test func sinceComparesOnlyTheRunsOfTheWindow() async throws {
        try await APIServer.with(workerInterval: .seconds(3600)) { server in
            _ = try await Self.register(server)
            try await Self.post(
                server, "1.0.0", count: 300, created: "2024-05-03T10:00:00Z", failEvery: 20, seconds: 10, cost: 0.01)
            try await Self.post(
                server, "1.1.0", count: 300, created: "2024-05-01T10:00:00Z", failEvery: 2, seconds: 30, cost: 0.05)
            try await Self.post(
                server, "1.1.0", firstID: 1_000, count: 300, created: "2024-05-03T11:00:00Z", failEvery: 20,
                seconds: 10, cost: 0.01)
            try await TimeSeriesAPITests.waitForCounted(server, 900)

            let allTime = try await Self.compare(server, "agent=cmp&base=1.0.0&candidate=1.1.0")
            #expect(allTime["verdict"] as? String == "worse")
            let window = try await Self.compare(
                server, "agent=cmp&base=1.0.0&candidate=1.1.0&since=2024-05-02T00:00:00Z")
            #expect(window["since"] as? String == "2024-05-02T00:00:00Z")
            #expect(Self.verdicts(window) == ["no_change", "no_change", "no_change", "no_change"])
            #expect((window["candidate"] as? [String: Any])?["runs"] as? Int == 300)
            // The window starts at the hour holding `since`: 10:30 still takes the 10:00 runs in.
            let hour = try await Self.compare(server, "agent=cmp&base=1.0.0&candidate=1.1.0&since=2024-05-03T10:30:00Z")
            #expect(hour["since"] as? String == "2024-05-03T10:00:00Z")
            #expect((hour["base"] as? [String: Any])?["runs"] as? Int == 300)
            // A window after every run, even one starting in the future: nothing to compare.
            let future = try await Self.compare(
                server, "agent=cmp&base=1.0.0&candidate=1.1.0&since=2999-01-01T00:00:00Z")
            #expect(future["verdict"] as? String == "insufficient_data")
            let empty = try await Self.compare(
                server, "agent=cmp&base=1.0.0&candidate=1.1.0&since=2024-05-04T00:00:00Z")
            #expect(empty["verdict"] as? String == "insufficient_data")
            #expect((empty["base"] as? [String: Any])?["successRate"] is NSNull)

            // Answers are cached by query string per generation: a later pass moves the generation on, so the
            // repeated request is not answered from the old render.
            try await Self.post(
                server, "1.1.0", firstID: 2_000, count: 10, created: "2024-05-03T11:00:00Z", failEvery: 20,
                seconds: 10, cost: 0.01)
            try await TimeSeriesAPITests.waitForCounted(server, 910)
            let later = try await Self.compare(
                server, "agent=cmp&base=1.0.0&candidate=1.1.0&since=2024-05-02T00:00:00Z")
            #expect((later["candidate"] as? [String: Any])?["runs"] as? Int == 310)
        }
    }

    @Test func belowTheMinimumRunsEveryMetricIsInsufficientWithNullPValues() async throws {
        try await APIServer.with(workerInterval: .seconds(3600)) { server in
            _ = try await Self.register(server)
            try await Self.post(
                server, "1.0.0", count: 199, created: "2024-05-01T10:00:00Z", failEvery: 20, seconds: 10, cost: 0.01)
            try await Self.post(
                server, "1.1.0", count: 400, created: "2024-05-02T10:00:00Z", failEvery: 2, seconds: 30, cost: 0.05)
            try await TimeSeriesAPITests.waitForCounted(server, 599)
            let body = try await Self.compare(server, "agent=cmp&base=1.0.0&candidate=1.1.0")
            #expect(body["verdict"] as? String == "insufficient_data")
            for metric in body["metrics"] as? [[String: Any]] ?? [] {
                #expect(metric["verdict"] as? String == "insufficient_data")
                #expect(metric["pValue"] is NSNull)
                #expect(metric["base"] is Double)
            }
        }
    }

    @Test func badQueriesAre400AndUnknownAgentsOrVersions404() async throws {
        try await APIServer.with(workerInterval: .seconds(3600)) { server in
            _ = try await Self.register(server)
            let bad = [
                "", "agent=cmp&base=1.0.0", "agent=&base=1.0.0&candidate=1.1.0", "agent=cmp&base=%00&candidate=1.1.0",
                "agent=cmp&base=1.0.0&candidate=1.1.0&since=yesterday",
                "agent=%FF&base=1.0.0&candidate=1.1.0",
            ]
            for query in bad {
                let response = try await server.request("GET", "/api/v1/ui/compare?" + query)
                #expect(response.status == 400, "\(query)")
                #expect(response.errorCode == "invalid_query", "\(query)")
            }
            let missing = try await server.request("GET", "/api/v1/ui/compare")
            let details = (missing.object["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []
            #expect(details.map { $0["field"] as? String } == ["agent", "base", "candidate"])
            for query in [
                "agent=nobody&base=1.0.0&candidate=1.1.0", "agent=cmp&base=0.9.0&candidate=1.1.0",
                "agent=cmp&base=1.0.0&candidate=2.0.0",
            ] {
                let response = try await server.request("GET", "/api/v1/ui/compare?" + query)
                #expect(response.status == 404, "\(query)")
                #expect(response.errorCode == "not_found", "\(query)")
            }
        }
    }
}
