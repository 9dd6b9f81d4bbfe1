import Foundation
import HTTPCore
import Testing
import TimeFormats

@testable import MetricsService

@Suite(.serialized) struct MetricsWorkerTests {
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    /// The `agent_versions` rows `filter` keeps, in the full array's order.
    static func rows(_ dashboard: Dashboard, _ filter: VersionRowFilter = VersionRowFilter()) throws -> [[String: Any]]
    {
        try jsonArray(dashboard.agentVersionsResponse(VersionRowQuery(filter: filter)))
    }

    @Test func knownDataSetGivesExpectedRowsCardsAndActivity() async throws {
        try await WorkerFixture.with { fixture in
            let now = WorkerFixture.start
            let alpha = try await fixture.addAgent("alpha", project: "p1")
            let beta = try await fixture.addAgent("beta", project: "p2")
            let alphaOne = try await fixture.addVersion(alpha, "1.0", createdMs: now - 2 * Self.day)
            _ = try await fixture.addVersion(alpha, "2.0", createdMs: now - Self.day)
            let betaOne = try await fixture.addVersion(beta, "1.0")
            try await fixture.addRuns([
                WorkerFixture.run(
                    alphaOne, id: 1, status: "completed", at: now - 10 * Self.minute, seconds: 2, cost: 1),
                WorkerFixture.run(alphaOne, id: 2, status: "failed", at: now - 20 * Self.minute, seconds: 4, cost: 2),
                WorkerFixture.run(alphaOne, id: 3, status: "running", at: now - 5 * Self.minute, seconds: nil, cost: 0),
                WorkerFixture.run(
                    alphaOne, id: 4, status: "success", at: now - Self.day - Self.hour, seconds: 6, cost: 1.5),
                // beta's only run is two days old: idle, not in today's or yesterday's windows.
                WorkerFixture.run(betaOne, id: 1, status: "timeout", at: now - 2 * Self.day, seconds: 10, cost: 5),
            ])
            let dashboard = Dashboard(clock: fixture.clock)
            let report = try await fixture.worker(dashboard: dashboard).runOnce()
            #expect(report == PassReport(leader: true, countedRuns: 5, batches: 1))

            let rows = try Self.rows(dashboard, VersionRowFilter())
            #expect(rows.map { "\($0["name"]!)@\($0["version"]!)" } == ["alpha@2.0", "alpha@1.0", "beta@1.0"])
            let one = rows[1]
            #expect(one["id"] as? String == alphaOne.id)
            #expect(one["project"] as? String == "p1")
            #expect(one["status"] as? String == "active")
            #expect(one["totalRuns"] as? Int == 4)
            #expect(one["failures"] as? Int == 1)
            #expect(abs((one["successRate"] as? Double ?? 0) - 66.67) < 1e-9)
            #expect(one["avgRuntime"] as? Double == 4)
            #expect(one["spend"] as? Double == 4.5)
            #expect(one["lastSeen"] as? String == RFC3339.format(milliseconds: now - 5 * Self.minute))
            #expect(one["firstSeen"] as? String == RFC3339.format(milliseconds: now - Self.day - Self.hour))
            #expect(abs((one["p50Runtime"] as? Double ?? 0) - 4) / 4 <= 0.01)
            #expect(one["cluster"] as? String == "c1")
            let empty = rows[0]
            #expect(empty["totalRuns"] as? Int == 0)
            #expect(empty["status"] as? String == "idle")
            #expect(empty["lastSeen"] is NSNull)
            #expect(rows[2]["status"] as? String == "idle")
            #expect(rows[2]["successRate"] as? Double == 0)

            #expect(try Self.rows(dashboard, VersionRowFilter(agent: "beta")).count == 1)
            #expect(try Self.rows(dashboard, VersionRowFilter(agent: alpha.id)).count == 2)
            #expect(try Self.rows(dashboard, VersionRowFilter(project: "p2")).count == 1)
            let active = try Self.rows(dashboard, VersionRowFilter(status: "active"))
            #expect(active.map { $0["id"] as? String } == [alphaOne.id])

            let cards = try jsonArray(dashboard.statsResponse())
            #expect(cards.map { $0["value"] as? String } == ["2", "3", "3.0s", "$3.00"])
            #expect(
                cards.map { $0["change"] as? String } == [
                    "+2 from last week", "+200% from yesterday", "no runs last hour", "+100% from yesterday",
                ])

            let recent = try jsonArray(dashboard.recentActivityResponse(limit: 10))
            #expect(recent.map { $0["id"] as? Int } == [3, 1, 2, 4, 1])
            #expect(
                recent.map { $0["action"] as? String } == [
                    "started run", "completed run", "failed run", "completed run", "timed out",
                ])
            // The page colours runs by the server's classification, never its own copy of the status lists.
            #expect(
                recent.map { $0["outcome"] as? String } == [
                    "in_progress", "success", "failure", "success", "failure",
                ])
            #expect(recent[0]["agent"] as? String == "alpha")
            #expect(try jsonArray(dashboard.recentActivityResponse(limit: 2)).count == 2)

            // The clock moves a day on with no pass: windows follow it.
            fixture.advance(by: Self.day)
            let later = try jsonArray(dashboard.statsResponse())
            #expect(later[1]["value"] as? String == "0")
            #expect(later[1]["change"] as? String == "-100% from yesterday")
            let laterRows = try Self.rows(dashboard, VersionRowFilter())
            #expect(laterRows[1]["status"] as? String == "idle")
        }
    }

    @Test func aggregatesReadBackWithTheirBSONTypes() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns([
                WorkerFixture.run(version, id: 1, at: WorkerFixture.start, seconds: 2, cost: 0.5)
            ])
            try await fixture.worker().runOnce()
            // A second pass rewrites the same document; dates must survive that too.
            try await fixture.addRuns([WorkerFixture.run(version, id: 2, at: WorkerFixture.start - 1000)])
            try await fixture.worker().runOnce()
            let metrics = try await fixture.aggregates()
            #expect(metrics.count == 1)
            let document = try #require(metrics.first)
            #expect(document["first_seen"] == .date(WorkerFixture.start - 1000))
            #expect(document["last_seen"] == .date(WorkerFixture.start))
            #expect(document["total_runs"]?.int64Value == 2)
            #expect(document["spend"] == .double(0.51))
            #expect(document["success_rate"] == .double(100))
            #expect(document["agent_id"] == .string(agent.id))
            #expect(document["runtime_histogram"]?["buckets"]?.documentValue?.isEmpty == false)
            let minutes = try await fixture.aggregates("agent_activity")
            #expect(minutes.allSatisfy { $0["start"]?.dateValue != nil })
            #expect(try await fixture.count("agent_runs", ["counted": true]) == 2)
        }
    }

    @Test func eachRunIsCountedOnceWithConcurrentIngestAndLateRuns() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let versions = [try await fixture.addVersion(agent, "1"), try await fixture.addVersion(agent, "2")]
            let worker = fixture.worker(batchSize: 150)
            let finished = LockedValue(false)
            let ingest = Task {
                defer { finished.withLock { $0 = true } }
                for batch in 0..<20 {
                    let runs = (0..<50).map { index in
                        let id = Int64(batch * 50 + index)
                        // Every fifth run is late: created days before runs already counted.
                        let created = WorkerFixture.start - (id % 5 == 0 ? 3 * Self.day : 0) - id * 1000
                        return WorkerFixture.run(
                            versions[Int(id % 2)], id: id, status: id % 3 == 0 ? "failed" : "completed",
                            at: created, seconds: Double(id % 17) + 0.5, cost: 0.013)
                    }
                    try await fixture.addRuns(runs)
                }
            }
            var passes = 0
            while !finished.withLock({ $0 }) {
                try await worker.runOnce()
                passes += 1
            }
            try await ingest.value
            try await worker.runOnce()
            #expect(try await fixture.countedTotal() == 1000)
            #expect(try await fixture.count("agent_runs", ["counted": ["$ne": true]]) == 0)
            let incremental = try await fixture.allAggregates()
            #expect(incremental[2].count > 2 && incremental[3].count > 1)
            try await worker.rebuild()
            #expect(try await fixture.allAggregates() == incremental)
            #expect(passes >= 1)
        }
    }

    @Test(arguments: [
        PassStage.journalWritten, .versionsApplied(1), .aggregatesApplied, .runsMarked,
    ])
    func workerKilledMidPassIsFinishedExactlyOnceByTheNext(stage: PassStage) async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let versions = [
                try await fixture.addVersion(agent, "1"), try await fixture.addVersion(agent, "2"),
                try await fixture.addVersion(agent, "3"),
            ]
            try await fixture.addRuns(
                (0..<300).map { id in
                    WorkerFixture.run(
                        versions[id % 3], id: Int64(id), at: WorkerFixture.start - Int64(id) * 7_000,
                        seconds: Double(id % 11), cost: 0.1)
                })
            let crashed = fixture.worker(owner: "crashed")
            await #expect(throws: MetricsWorkerError.simulatedCrash) {
                try await crashed.runOnce(crashAfter: stage)
            }
            // Runs keep arriving while the dead worker's lease runs out.
            try await fixture.addRuns(
                (300..<320).map { id in
                    WorkerFixture.run(versions[0], id: Int64(id), at: WorkerFixture.start, seconds: 1, cost: 0.1)
                })
            let successor = fixture.worker(owner: "successor")
            #expect(try await successor.runOnce().leader == false)
            fixture.advance(by: 5_001)
            let report = try await successor.runOnce()
            #expect(report.leader)
            #expect(report.recovered)
            #expect(try await fixture.countedTotal() == 320)
            let recovered = try await fixture.allAggregates()
            try await successor.rebuild()
            #expect(try await fixture.allAggregates() == recovered)
            #expect(try await fixture.leaseJournal() == nil)
        }
    }

    @Test func twoWorkersShareOneLease() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns([WorkerFixture.run(version, id: 1, at: WorkerFixture.start)])
            let first = fixture.worker(owner: "first")
            let second = fixture.worker(owner: "second")
            let dashboard = Dashboard(clock: fixture.clock)
            let follower = fixture.worker(owner: "follower", dashboard: dashboard)
            #expect(try await first.runOnce().leader)
            #expect(try await second.runOnce().leader == false)
            await #expect(throws: MetricsWorkerError.leaseLost) { try await second.rebuild() }
            // A follower's dashboard comes from what the leader stored.
            #expect(try await follower.runOnce().leader == false)
            #expect(try Self.rows(dashboard, VersionRowFilter())[0]["totalRuns"] as? Int == 1)
            // Renewal keeps it; expiry (five seconds without renewal, whatever the interval) hands it over.
            fixture.advance(by: 4_000)
            #expect(try await first.runOnce().leader)
            fixture.advance(by: 4_000)
            #expect(try await second.runOnce().leader == false)
            fixture.advance(by: 1_001)
            #expect(try await second.runOnce().leader)
            #expect(try await first.runOnce().leader == false)
            // A clean stop releases at once.
            await second.stop()
            #expect(try await first.runOnce().leader)
            #expect(try await fixture.countedTotal() == 1)
        }
    }

    @Test func serverWithoutWorkerRefreshesFromStoredAggregates() async throws {
        try await WorkerFixture.with { fixture in
            try await fixture.addOneCountedRun(cost: 2)
            let dashboard = fixture.refreshingDashboard()
            defer { dashboard.stopRefreshing() }
            #expect(await dashboard.waitUntilLoaded(timeout: .seconds(10)))
            let rows = try Self.rows(dashboard, VersionRowFilter())
            #expect(rows.first?["spend"] as? Double == 2)
            #expect(try jsonArray(dashboard.recentActivityResponse(limit: 10)).count == 1)
        }
    }

    @Test func countsRunsStoredWithoutTheCountedMarker() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns([WorkerFixture.run(version, id: 1, at: WorkerFixture.start)])
            // As stored before the marker existed: no `counted` field at all.
            try await fixture.pool.withCollection("agent_runs") { collection in
                _ = try collection.insertOne(
                    try BSONDocument(WorkerFixture.run(version, id: 2, at: WorkerFixture.start).toBSON()))
            }
            #expect(try await fixture.worker().runOnce().countedRuns == 2)
            #expect(try await fixture.countedTotal() == 2)
            #expect(try await fixture.count("agent_runs", ["counted": true]) == 2)
            #expect(try await fixture.worker().runOnce().countedRuns == 0)
        }
    }

    @Test func standaloneWorkerContinuesTheSavedRecentList() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns([WorkerFixture.run(version, id: 1, at: WorkerFixture.start)])
            let first = fixture.worker()
            try await first.runOnce()
            await first.stop()
            // A new process, as with `worker --once` from cron: it loads no aggregates, only the saved list.
            try await fixture.addRuns([WorkerFixture.run(version, id: 2, at: WorkerFixture.start + 1000)])
            #expect(try await fixture.worker(owner: "worker-b").runOnce().countedRuns == 1)
            let saved = try await DashboardLoader.load(pool: fixture.pool, nowMs: fixture.clock())
            #expect(saved.recent.map(\.runId) == [2, 1])
            #expect(saved.aggregates.values.map(\.totalRuns) == [2])
        }
    }

    @Test func uiRoutesAnswerThroughTheRouter() async throws {
        let dashboard = Dashboard(clock: { WorkerFixture.start })
        var router = Router()
        DashboardRoutes.register(into: &router, dashboard: dashboard)
        for path in ["/api/v1/ui/stats", "/api/v1/ui/recent_activity", "/api/v1/ui/agent_versions"] {
            let response = await router.respond(to: HTTPRequest(method: "GET", path: path))
            #expect(response.status == .ok)
            #expect(response.body.first == UInt8(ascii: "["))
        }
        let bad = await router.respond(
            to: HTTPRequest(method: "GET", path: "/api/v1/ui/recent_activity", query: "limit=x"))
        #expect(bad.status == .badRequest)
        let badStatus = await router.respond(
            to: HTTPRequest(method: "GET", path: "/api/v1/ui/agent_versions", query: "status=busy"))
        #expect(badStatus.status == .badRequest)
    }
}
