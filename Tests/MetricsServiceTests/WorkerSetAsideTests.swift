import Foundation
import HTTPCore
import Testing

@testable import MetricsService

/// Run documents the API could never have stored, inserted with the driver: the worker sets each
/// aside with its reason, counts it in a visible figure, and goes on counting the rest.
@Suite(.serialized) struct WorkerSetAsideTests {
    /// A stored run document like the API writes, with `overrides` replacing (or, with `nil`, removing) fields.
    static func document(
        _ version: AgentVersion, id: Int64, overrides: [(String, BSONValue?)] = [], objectID: BSONValue? = nil
    ) -> BSONValue {
        let run = WorkerFixture.run(version, id: id, at: WorkerFixture.start, seconds: 2, cost: 0.25)
        var fields = run.toBSON().documentValue ?? []
        for (key, value) in overrides {
            fields.removeAll { $0.0 == key }
            if let value { fields.append((key, value)) }
        }
        return .document([("_id", objectID ?? .objectID(WorkerFixture.objectID()))] + fields + [("counted", false)])
    }

    /// Values nx-27017 can store (it refuses NaN and infinities, which MongoDB accepts: those are
    /// checked without a database in `nonFiniteValuesAreSetAsideToo`).
    static let poisonOverrides: [[(String, BSONValue?)]] = [
        [("cost", .double(1e303))],
        [("cost", .double(-5))],
        [("time_taken_seconds", .double(2562047 * 3600))],
        [("time_taken_seconds", .double(-1))],
        [("created", .string("0001-01-01T00:00:00+01:00"))],
        [("created", .string("1969-12-31T23:59:59Z"))],
        [("status", .string(String(repeating: "x", count: 10_000)))],
        [("status", nil)],
        [("agent_id", nil)],
        [("run_id", .string("seven"))],
    ]

    @Test func outOfRangeDocumentsAreSetAsideAndTheWorkerKeepsCounting() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            var documents = Self.poisonOverrides.enumerated().map { index, overrides in
                Self.document(version, id: Int64(100 + index), overrides: overrides)
            }
            documents.append(Self.document(version, id: 200, objectID: .string("not-an-object-id")))
            documents.append(Self.document(version, id: 1))
            documents.append(Self.document(version, id: 2))
            try await fixture.pool.withCollection("agent_runs") { [documents] collection in
                _ = try collection.insertMany(try documents.map { try BSONDocument($0) })
            }
            let poisonCount = Self.poisonOverrides.count + 1

            let dashboard = Dashboard(clock: fixture.clock)
            let worker = fixture.worker(dashboard: dashboard)
            let first = try await worker.runOnce()
            #expect(first.countedRuns == poisonCount + 2)
            let metrics = try #require(try await fixture.aggregates().first)
            #expect(metrics["total_runs"]?.int64Value == 2)
            #expect(metrics["spend_micros"]?.int64Value == 500_000)
            #expect(try await fixture.count("agent_runs", ["counted": false]) == 0)
            #expect(try await fixture.count("agent_runs", ["set_aside": ["$exists": true]]) == poisonCount)
            let reason = try await fixture.pool.withCollection("agent_runs") { collection in
                try collection.findOne(["run_id": .int64(100)])?["set_aside"]?.stringValue
            }
            #expect(reason?.contains("agent_runs.cost") == true)

            // The figure is visible, and survives a reload from storage (another server's view).
            #expect(dashboard.snapshot.setAsideRuns == Int128(poisonCount))
            let shown = try JSONSerialization.jsonObject(with: Data(dashboard.workerResponse().body)) as? [String: Any]
            #expect(shown?["setAsideRuns"] as? Int == poisonCount)
            let reloaded = try await DashboardLoader.load(pool: fixture.pool, nowMs: fixture.clock())
            #expect(reloaded.setAsideRuns == Int128(poisonCount))
            #expect(reloaded.recent.map(\.runId).sorted() == [1, 2])

            // Later passes neither fail nor count them again; new good runs are counted.
            try await fixture.addRuns([WorkerFixture.run(version, id: 3, at: WorkerFixture.start, cost: 1)])
            let second = try await worker.runOnce()
            #expect(second.countedRuns == 1)
            #expect(try await fixture.countedTotal() == 3)
            #expect(dashboard.snapshot.setAsideRuns == Int128(poisonCount))

            // A rebuild looks at them again and arrives at the same figures, not double.
            let before = try await fixture.aggregates()
            try await worker.rebuild()
            #expect(try await fixture.aggregates() == before)
            #expect(
                try await DashboardLoader.load(pool: fixture.pool, nowMs: fixture.clock()).setAsideRuns
                    == Int128(poisonCount))
        }
    }

    @Test(arguments: [
        ("cost", Double.nan), ("cost", .infinity), ("time_taken_seconds", -.infinity), ("time_taken_seconds", .nan),
    ])
    func nonFiniteValuesAreSetAsideToo(field: String, value: Double) throws {
        let version = AgentVersion(
            id: WorkerFixture.objectID(), agentId: WorkerFixture.objectID(), version: "1", cluster: "", deployment: "",
            tools: [], models: [], createdMs: 0)
        let stored = try BSONDocument(Self.document(version, id: 1, overrides: [(field, .double(value))])).toBSONValue()
        guard case .setAside(let id, let reason) = StoredRun(bson: stored) else {
            Issue.record("\(field)=\(value) was counted")
            return
        }
        #expect(id == stored["_id"])
        #expect(reason.hasPrefix("agent_runs.\(field)"))
        #expect(PassDelta(runs: [StoredRun(bson: stored)]).setAside == 1)
    }

    @Test func aPoisonRunInAnInterruptedPassIsSetAsideOnceByTheNextWorker() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.pool.withCollection("agent_runs") { collection in
                _ = try collection.insertMany([
                    try BSONDocument(Self.document(version, id: 1, overrides: [("cost", .double(2e13))])),
                    try BSONDocument(Self.document(version, id: 2)),
                ])
            }
            await #expect(throws: MetricsWorkerError.simulatedCrash) {
                try await fixture.worker(owner: "a").runOnce(crashAfter: .aggregatesApplied)
            }
            fixture.advance(by: 60_000)
            let report = try await fixture.worker(owner: "b").runOnce()
            #expect(report.recovered)
            #expect(try await fixture.countedTotal() == 1)
            let status = try await fixture.aggregates("worker_status")
            #expect(status.first?["runs"]?.int64Value == 1)
            #expect(try await fixture.count("agent_runs", ["set_aside": ["$exists": true]]) == 1)
        }
    }

    @Test func handWrittenAggregatesNearInt64MaxMergeWithoutTrapping() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            let key = VersionKey(agentId: agent.id, version: "1")
            var stored = VersionAggregate(key: key)
            stored.totalRuns = Int128(Int64.max)
            stored.spendMicros = Int128(Int64.max)
            try await fixture.pool.withCollection("agent_version_metrics") { [stored] collection in
                try collection.insertOne(try BSONDocument(stored.toBSON(appliedPass: "by-hand")))
            }
            try await fixture.addRuns([WorkerFixture.run(version, id: 1, at: WorkerFixture.start, cost: 1)])
            try await fixture.worker().runOnce()
            let metrics = try #require(try await fixture.aggregates().first)
            #expect(metrics["total_runs"] == .string("9223372036854775808"))
            #expect(metrics["spend_micros"] == .string("9223372036855775807"))
        }
    }
}
