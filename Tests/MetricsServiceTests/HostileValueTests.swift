import Foundation
import HTTPCore
import Testing
import TestSupport

@testable import MetricsService

/// Issue 8's reproductions over HTTP against nx-27017, with a worker on the same pool and
/// dashboard: each request gets its documented answer, passes neither trap nor fail, and the
/// aggregates are exact.
@Suite struct HostileValueTests {
    static let runs = "/api/v1/agents/a/versions/1/runs"

    /// Runs `body` with a registered agent `a`, version `1`, and a worker publishing into the
    /// server's own dashboard.
    static func withAgent(_ body: (APIServer, MetricsWorker) async throws -> Void) async throws {
        try await APIServer.with { server in
            #expect(try await server.request("POST", "/api/v1/agents/a/register", nil).status == 201)
            #expect(try await server.request("POST", "/api/v1/agents/a/versions", #"{"version":"1"}"#).status == 201)
            let group = try EventLoopGroup(count: 1)
            defer { group.shutdown() }
            // The only worker, on the real clock: a lease far longer than any pass, so a pass slowed by a
            // busy machine (parallel tests on two cores) never outlives it and ends in leaseLost.
            let worker = MetricsWorker(
                loop: group.loops[0], pool: server.pool, dashboard: server.application.dashboard,
                configuration: MetricsWorkerConfiguration(leaseDuration: .seconds(600)))
            try await body(server, worker)
            await worker.stop()
        }
    }

    static func row(_ server: APIServer) async throws -> [String: Any] {
        try #require(try await server.request("GET", "/api/v1/ui/agent_versions", nil).array.first)
    }

    @Test func theFuzzersCostsAreRefusedNamingEveryRunAndNothingIsStored() async throws {
        try await Self.withAgent { server, _ in
            let response = try await server.request(
                "POST", Self.runs, #"{"runs":[{"id":1,"status":"ok","cost":5e12},{"id":2,"status":"ok","cost":5e12}]}"#)
            #expect(response.status == 400)
            #expect(response.errorCode == "invalid_field")
            #expect(response.errorDetails.map { $0["index"] as? Int } == [0, 1])
            #expect(response.errorDetails.map { $0["field"] as? String } == ["cost", "cost"])
            let durations = (0..<1000).map { #"{"id":\#($0),"status":"ok","time_taken":"2562047h"}"# }
            let long = try await server.request("POST", Self.runs, #"{"runs":[\#(durations.joined(separator: ","))]}"#)
            #expect(long.status == 400)
            #expect(long.errorDetails.count == 1000)
            #expect(try await server.count(Collections.runs) == 0)
        }
    }

    @Test func maximalRunsInOneMinuteAndAcrossPassesAreCountedExactly() async throws {
        try await Self.withAgent { server, worker in
            // Two maximal costs in the same minute, counted in one pass.
            let same = try await server.request(
                "POST", Self.runs,
                #"{"runs":[{"id":1,"status":"ok","cost":1e6},{"id":2,"status":"ok","cost":1000000}]}"#)
            #expect(same.status == 201)
            #expect(try await worker.runOnce().countedRuns == 2)
            // Two more, each in its own pass.
            for id in 3...4 {
                let single = try await server.request("POST", Self.runs, #"{"id":\#(id),"status":"ok","cost":1000000}"#)
                #expect(single.status == 201)
                #expect(try await worker.runOnce().countedRuns == 1)
            }
            // A thousand runs at the longest time_taken.
            let durations = (5..<1005).map { #"{"id":\#($0),"status":"failed","time_taken":"720h"}"# }
            let long = try await server.request("POST", Self.runs, #"{"runs":[\#(durations.joined(separator: ","))]}"#)
            #expect(long.status == 201)
            #expect(try await worker.runOnce().countedRuns == 1000)
            #expect(try await worker.runOnce().countedRuns == 0)

            #expect(try await server.request("GET", "/healthz", nil).status == 200)
            let row = try await Self.row(server)
            #expect(row["totalRuns"] as? Int == 1004)
            #expect(row["spend"] as? Double == 4_000_000)
            #expect(row["failures"] as? Int == 1000)
            #expect(row["avgRuntime"] as? Double == 2_592_000)
            let stored = try await server.pool.withCollection(Collections.versionMetrics) { try $0.findOne([:]) }
            #expect(stored?["spend_micros"]?.int64Value == 4_000_000_000_000)
            #expect(stored?["runtime_micros"]?.int64Value == 2_592_000_000_000_000)
            // All runs were created now (the receive time): today's cost card shows every dollar.
            let cards = try await server.request("GET", "/api/v1/ui/stats", nil).array
            #expect(cards[3]["value"] as? String == "$4,000,000.00")
            #expect(cards[3]["raw"] as? Double == 4_000_000)
            #expect(cards[1]["raw"] as? Double == 1004)
        }
    }

    @Test func spendEqualsTheSumOfStoredCostsToTheMicroDollar() async throws {
        try await Self.withAgent { server, worker in
            let costs: [Double] = [0.1, 0.2, 0.3, 999_999.999_999, 0.000_000_4, 0.000_000_5, 12.345_678_9, 0]
            let body = costs.enumerated().map { #"{"id":\#($0),"status":"ok","cost":\#($1)}"# }
            #expect(
                try await server.request("POST", Self.runs, #"{"runs":[\#(body.joined(separator: ","))]}"#).status
                    == 201)
            try await worker.runOnce()
            // Each cost rounds to a micro-dollar once (half away from zero), then sums exactly.
            let micros = costs.reduce(Int64(0)) { $0 + Int64(($1 * 1_000_000).rounded()) }
            #expect(micros == 1_000_012_945_679)
            #expect(try await Self.row(server)["spend"] as? Double == Double(micros) / 1_000_000)
            let listed = try await server.request("GET", "/api/v1/agents/a/runs?limit=1000", nil).array
            #expect(Set(listed.compactMap { $0["cost"] as? Double }) == Set(costs))
        }
    }

    @Test func datesOutsideTheBoundsAreRefusedAndTheEdgesAreKept() async throws {
        try await Self.withAgent { server, worker in
            let edges = try await server.request(
                "POST", Self.runs,
                #"{"runs":[{"id":1,"status":"ok","created":"1970-01-01T00:00:00Z"},"#
                    + #"{"id":2,"status":"ok","created":"9999-12-31T23:59:59.999Z"}]}"#)
            #expect(edges.status == 201)
            #expect(try await worker.runOnce().countedRuns == 2)
            let row = try await Self.row(server)
            #expect(row["firstSeen"] as? String == "1970-01-01T00:00:00Z")
            #expect(row["lastSeen"] as? String == "9999-12-31T23:59:59.999Z")
            // Newest first across the whole range, the page cursor carrying the year-9999 time.
            let first = try await server.request("GET", Self.runs + "?since=1970-01-01T00:00:00Z&limit=1", nil)
            #expect(first.array.map { $0["id"] as? Int } == [2])
            let next = try #require(first.nextLink)
            #expect(try await server.request("GET", next, nil).array.map { $0["id"] as? Int } == [1])
            // `until` is exclusive: the last valid instant leaves out the run created at it.
            let until = try await server.request("GET", Self.runs + "?until=9999-12-31T23:59:59.999Z", nil)
            #expect(until.array.map { $0["id"] as? Int } == [1])
            for bad in ["0001-01-01T00:00:00%2B01:00", "1969-12-31T23:59:59Z"] {
                let since = try await server.request("GET", Self.runs + "?since=" + bad, nil)
                #expect(since.status == 400)
                #expect(since.errorCode == "invalid_query")
            }
        }
    }

    /// The reproduction as filed, on the shipped binary with its own worker: the largest costs the
    /// bounds allow, in the same minute and then in a later pass, leave the process up.
    @Test func binaryWithItsWorkerStaysUpAfterPassesOverMaximalCosts() async throws {
        try await TestDatabase.with { database in
            let server = try ServerProcess(arguments: [
                "server", "--host", "127.0.0.1", "--port", "0", "--mongo-uri", database.uri,
                "--db-name", database.databaseName, "--worker-interval", "1s", "--log-level", "debug",
            ])
            let base = "http://127.0.0.1:\(try server.listeningPort())"
            func post(_ path: String, _ body: String) throws -> String {
                try ServerProcessTests.curl(
                    ["-X", "POST", "-H", "Content-Type: application/json", "\(base)\(path)", "-d", body])
            }
            func passes(counting runs: Int) -> Int {
                server.output.split(separator: "\n").filter { line in
                    line.split(separator: " ").contains { $0 == "worker.counted=\(runs)" }
                }.count
            }
            _ = try post("/api/v1/agents/a/register", "{}")
            _ = try post("/api/v1/agents/a/versions", #"{"version":"1"}"#)
            let refused = try post(
                Self.runs, #"{"runs":[{"id":1,"status":"ok","cost":5e12},{"id":2,"status":"ok","cost":5e12}]}"#)
            #expect(refused.contains("invalid_field"))
            #expect(
                try post(Self.runs, #"{"runs":[{"id":1,"status":"ok","cost":1e6},{"id":2,"status":"ok","cost":1e6}]}"#)
                    == #"{"inserted":2,"duplicates":0}"#)
            _ = try server.waitForLog { _ in passes(counting: 2) >= 1 ? true : nil }
            #expect(try post(Self.runs, #"{"id":3,"status":"ok","cost":1e6}"#).contains(#""id":3"#))
            _ = try server.waitForLog { _ in passes(counting: 1) >= 1 ? true : nil }

            #expect(try ServerProcessTests.curl(["\(base)/healthz"]) == #"{"status":"ok"}"#)
            let rows = try ServerProcessTests.curl(["\(base)/api/v1/ui/agent_versions"])
            #expect(rows.contains(#""totalRuns":3"#) && rows.contains(#""spend":3000000"#), "\(rows)")
            server.signal(SIGTERM)
            #expect(server.waitForExit() == 0, "\(server.output)")
        }
    }
}
