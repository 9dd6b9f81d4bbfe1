import Foundation
import Testing
import TimeFormats

@testable import MetricsService

/// `GET /api/v1/ui/timeseries` over HTTP, from buckets the server's own worker counted.
@Suite(.serialized) struct TimeSeriesAPITests {
    static let hour: Int64 = 3_600_000

    /// Registers `series` with versions 1.0 and 2.0.
    static func register(_ server: APIServer) async throws -> String {
        try await server.register("series", versions: ["1.0", "2.0"])
    }

    static func post(_ server: APIServer, _ version: String, _ runs: [String]) async throws {
        let response = try await server.request(
            "POST", "/api/v1/agents/series/versions/\(version)/runs", #"{"runs": [\#(runs.joined(separator: ","))]}"#)
        #expect(response.status == 201)
    }

    static func run(_ id: Int, _ created: String, _ status: String, _ timeTaken: String?, _ cost: Double) -> String {
        let time = timeTaken.map { #", "time_taken": "\#($0)""# } ?? ""
        return #"{"id": \#(id), "created": "\#(created)", "status": "\#(status)", "cost": \#(cost)\#(time)}"#
    }

    /// Waits until the dashboard shows `total` counted runs: the in-process worker has passed and published.
    static func waitForCounted(_ server: APIServer, _ total: Int) async throws {
        let start = ContinuousClock.now
        // A generous ceiling: on a busy machine (parallel suites on two cores) a pass can take seconds.
        while ContinuousClock.now - start < .seconds(120) {
            let rows = try await server.request("GET", "/api/v1/ui/agent_versions").array
            if rows.reduce(0, { $0 + ($1["totalRuns"] as? Int ?? 0) }) == total { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the worker did not count \(total) runs within 120 s")
    }

    static func series(_ server: APIServer, _ query: String) async throws -> [[String: Any]] {
        try await server.getJSON("/api/v1/ui/timeseries", query).array
    }

    @Test func hourlyAndDailyBucketsAddUpTheCountedRunsWithEmptyBucketsIncluded() async throws {
        try await APIServer.with(workerInterval: .seconds(3600)) { server in
            let agentId = try await Self.register(server)
            try await Self.post(
                server, "1.0",
                [
                    Self.run(1, "2024-05-01T10:05:00Z", "completed", "2s", 0.5),
                    Self.run(2, "2024-05-01T10:40:00Z", "failed", "4s", 0.25),
                ])
            try await Self.post(
                server, "2.0",
                [
                    Self.run(1, "2024-05-01T12:10:00Z", "completed", "1s", 1),
                    Self.run(2, "2024-05-02T01:00:00Z", "running", nil, 0),
                ])
            try await Self.waitForCounted(server, 4)

            let range = "since=2024-05-01T09:30:00Z&until=2024-05-01T13:00:00Z"
            let hours = try await Self.series(server, "agent=series&bucket=hour&" + range)
            #expect(
                hours.map { $0["start"] as? String } == [
                    "2024-05-01T09:00:00Z", "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z",
                    "2024-05-01T12:00:00Z",
                ])
            #expect(hours.map { $0["runs"] as? Int } == [0, 2, 0, 1])
            let ten = hours[1]
            #expect(ten["successes"] as? Int == 1)
            #expect(ten["failures"] as? Int == 1)
            #expect(ten["successRate"] as? Double == 50)
            #expect(ten["avgRuntime"] as? Double == 3)
            #expect(abs((ten["p50Runtime"] as? Double ?? 0) - 4) <= 0.04)
            #expect(abs((ten["p95Runtime"] as? Double ?? 0) - 4) <= 0.04)
            #expect(ten["cost"] as? Double == 0.75)
            let empty = hours[0]
            #expect(
                Set(empty.keys) == [
                    "start", "runs", "successes", "failures", "successRate", "avgRuntime", "p50Runtime", "p95Runtime",
                    "cost",
                ])
            for key in ["successRate", "avgRuntime", "p50Runtime", "p95Runtime"] {
                #expect(empty[key] is NSNull, "\(key)")
            }
            #expect(empty["cost"] as? Double == 0)

            // One version; the agent by id gives the same body as by name.
            let one = try await Self.series(server, "agent=series&version=1.0&" + range)
            #expect(one.map { $0["runs"] as? Int } == [0, 2, 0, 0])
            let byID = try await server.request("GET", "/api/v1/ui/timeseries?agent=\(agentId)&bucket=hour&" + range)
            #expect(
                byID.body
                    == (try await server.request("GET", "/api/v1/ui/timeseries?agent=series&bucket=hour&" + range)).body
            )

            let days = try await Self.series(
                server, "agent=series&bucket=day&since=2024-05-01T00:00:00Z&until=2024-05-03T00:00:00Z")
            #expect(days.map { $0["start"] as? String } == ["2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"])
            #expect(days.map { $0["runs"] as? Int } == [3, 1])
            #expect(days[1]["successRate"] is NSNull)
            #expect(days[1]["avgRuntime"] is NSNull)
            #expect(days[0]["cost"] as? Double == 1.75)

            // The raw runs are not read: with them gone the series is the same, for a range not asked before too.
            _ = try await server.pool.withCollection(Collections.runs) { try $0.deleteMany(BSONDocument()) }
            let again = try await Self.series(
                server, "agent=series&bucket=hour&since=2024-05-01T10:00:00Z&until=2024-05-01T11:00:00Z")
            #expect(again.map { $0["runs"] as? Int } == [2])

            // A later pass changes the generation, so the repeated request is not answered from the old render.
            try await Self.post(server, "1.0", [Self.run(3, "2024-05-01T10:59:59Z", "completed", "3s", 0.25)])
            try await Self.waitForCounted(server, 5)
            let later = try await Self.series(server, "agent=series&bucket=hour&" + range)
            #expect(later.map { $0["runs"] as? Int } == [0, 3, 0, 1])
            #expect(later[1]["cost"] as? Double == 1)
        }
    }

    @Test func defaultsAreTheLast48HoursHourlyAndTheLast30DaysDaily() async throws {
        try await APIServer.with(workerInterval: .seconds(3600)) { server in
            _ = try await Self.register(server)
            let before = WallClock.systemMilliseconds()
            let created = before - 2 * Self.hour
            try await Self.post(
                server, "2.0", [Self.run(1, RFC3339.format(milliseconds: created), "completed", "1s", 0.5)])
            try await Self.waitForCounted(server, 1)
            for (width, count) in [(BucketWidth.hour, 48), (.day, 30)] {
                let series = try await Self.series(server, "agent=series&bucket=\(width.rawValue)")
                let after = WallClock.systemMilliseconds()
                #expect(series.count == count)
                let starts = series.compactMap { ($0["start"] as? String).flatMap(RFC3339.parseMilliseconds) }
                let last = try #require(starts.last)
                #expect((width.start(of: before)...width.start(of: after)).contains(last), "\(width)")
                #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 == width.lengthMs })
                let holding = series.filter { ($0["runs"] as? Int ?? 0) > 0 }
                #expect(
                    holding.map { $0["start"] as? String } == [RFC3339.format(milliseconds: width.start(of: created))])
            }
        }
    }

    @Test func badQueriesAre400AndUnknownAgentsOrVersions404() async throws {
        try await APIServer.with(workerInterval: .seconds(3600)) { server in
            _ = try await Self.register(server)
            let invalid = [
                "", "bucket=hour", "agent=", "agent=series&bucket=week", "agent=series&since=yesterday",
                "agent=series&since=10000-01-01T00:00:00Z", "agent=series&version=",
                // 1,001 hours, and 1,001 days.
                "agent=series&since=2024-01-01T00:00:00Z&until=2024-02-11T17:00:00Z",
                "agent=series&bucket=day&since=2020-01-01T00:00:00Z&until=2022-09-28T00:00:00Z",
                "agent=%ZZ",
            ]
            for query in invalid {
                let response = try await server.request("GET", "/api/v1/ui/timeseries?" + query)
                #expect(response.status == 400, "\(query)")
                #expect(response.errorCode == "invalid_query", "\(query)")
            }
            // Ranges that hold no bucket are empty series (every date in them is a valid value).
            for query in [
                "agent=series&since=2024-05-02T00:00:00Z&until=2024-05-01T00:00:00Z",
                "agent=series&since=2024-05-01T00:00:00Z&until=2024-05-01T00:00:00Z",
                "agent=series&since=9999-01-01T00:00:00Z", "agent=series&until=1970-01-01T00:00:00Z",
                "agent=series&since=1970-01-01T00:00:00Z&until=1970-01-01T00:00:00Z",
            ] {
                #expect(try await Self.series(server, query).isEmpty, "\(query)")
            }
            // Exactly 1,000 buckets is allowed.
            let thousand = try await Self.series(
                server, "agent=series&since=2024-01-01T00:00:00Z&until=2024-02-11T16:00:00Z")
            #expect(thousand.count == 1000)
            for query in ["agent=nobody", "agent=series&version=9.9", "agent=0123456789abcdef01234567"] {
                let response = try await server.request("GET", "/api/v1/ui/timeseries?" + query)
                #expect(response.status == 404, "\(query)")
                #expect(response.errorCode == "not_found", "\(query)")
            }
        }
    }
}
