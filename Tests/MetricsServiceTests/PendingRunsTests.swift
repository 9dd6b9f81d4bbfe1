import Foundation
import HTTPCore
import Testing

@testable import MetricsService

/// Acknowledged runs shown before the pass that counts them: once, never twice, never lost.
@Suite(.serialized) struct PendingRunsTests {
    static func sample(_ id: String, runId: Int64 = 1, at created: Int64 = WorkerFixture.start) -> RunSample {
        RunSample(
            objectID: id, key: VersionKey(agentId: "a", version: "1"), runId: runId, status: "completed",
            createdMs: created, runtimeMicros: 1_000_000, costMicros: 10_000)
    }

    @Test func takesNoRunsUntilTheLeaseHolderFirstPublishes() {
        var pending = PendingRuns()
        let refused = pending.add([Self.sample("01")])
        #expect(!refused)
        pending.drop(through: 0, counted: [])
        let taken = pending.add([Self.sample("01")])
        #expect(taken)
        #expect(pending.runs.map(\.run.objectID) == ["01"])
    }

    @Test func aPublishDropsRunsUpToTheMarkAndRunsItCountedByIdOnly() {
        var pending = PendingRuns()
        pending.drop(through: 0, counted: [])
        pending.add([Self.sample("01"), Self.sample("02")])
        let mark = pending.sequence
        // Acknowledged after the worker read the mark: "03" was stored before its select, "04" after.
        pending.add([Self.sample("03"), Self.sample("04")])
        let version = pending.version
        pending.drop(through: mark, counted: ["01", "03"])
        #expect(pending.runs.map(\.run.objectID) == ["04"])
        #expect(pending.version != version)
    }

    @Test func minuteSumsAndNewestFollowAddsAndDrops() {
        var pending = PendingRuns()
        pending.drop(through: 0, counted: [])
        let minute = ActivityMinute.start(of: WorkerFixture.start)
        pending.add([Self.sample("01", runId: 1), Self.sample("02", runId: 2, at: WorkerFixture.start + 60_000)])
        pending.add([Self.sample("03", runId: 3, at: WorkerFixture.start + 1)])
        #expect(pending.minuteSums[minute]?.runs == 2)
        #expect(pending.minuteSums[minute + 60_000]?.runs == 1)
        #expect(pending.recent(over: []).map(\.runId) == [2, 3, 1])
        pending.drop(through: 0, counted: ["02"])
        #expect(pending.minuteSums[minute]?.runs == 2)
        #expect(pending.minuteSums[minute + 60_000] == nil)
        #expect(pending.recent(over: []).map(\.runId) == [3, 1])
        #expect(pending.minuteSums[minute]?.costMicros == 20_000)
    }

    @Test func losingTheLeaseForgetsPendingRunsAndRefusesMore() {
        var pending = PendingRuns()
        pending.drop(through: 0, counted: [])
        pending.add([Self.sample("01")])
        pending.stop()
        #expect(pending.runs.isEmpty)
        let refused = pending.add([Self.sample("02")])
        #expect(!refused)
    }

    @Test func aFullListTakesNoMoreRuns() {
        var pending = PendingRuns()
        pending.drop(through: 0, counted: [])
        let many = (0..<PendingRuns.capacity).map { Self.sample(String($0)) }
        let taken = pending.add(many)
        let refused = pending.add([Self.sample("one more")])
        #expect(taken)
        #expect(!refused)
        #expect(pending.runs.count == PendingRuns.capacity)
    }

    @Test func recentListMergesPendingRunsNewestFirst() {
        var pending = PendingRuns()
        pending.drop(through: 0, counted: [])
        pending.add([Self.sample("0b", runId: 2, at: WorkerFixture.start + 2), Self.sample("0a", runId: 9, at: 0)])
        let stored = [Self.sample("01", runId: 1, at: WorkerFixture.start + 1)]
        #expect(pending.recent(over: stored).map(\.runId) == [2, 1, 9])
    }

    @Test func cardsAndRecentShowAnAcknowledgedRunBeforeItsPassAndOnceAfter() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            let dashboard = Dashboard(clock: fixture.clock)
            let worker = fixture.worker(dashboard: dashboard)
            try await worker.runOnce()
            #expect(dashboard.acceptsPendingRuns)

            // What ingest does: store the run, then hand it to the dashboard.
            let run = WorkerFixture.run(version, id: 7, at: WorkerFixture.start, seconds: 2, cost: 0.5)
            let documents = RunDocuments(
                RunBatch(runs: [run], isSingle: true),
                target: IngestTargets.Target(agentId: version.agentId, version: version.version), samples: true)
            let stored = try await RunStore(pool: fixture.pool).insert(documents)
            #expect(stored.inserted == 1)
            dashboard.addPending(documents.samples(except: stored.duplicateIndexes))
            #expect(Self.runsToday(dashboard) == 1)
            #expect(Self.costToday(dashboard) == 0.5)
            #expect(try jsonArray(dashboard.recentActivityResponse(limit: 10)).map { $0["id"] as? Int } == [7])

            #expect(try await worker.runOnce().countedRuns == 1)
            #expect(dashboard.state.withLock { $0.pending.runs.isEmpty })
            #expect(Self.runsToday(dashboard) == 1)
            #expect(Self.costToday(dashboard) == 0.5)
            #expect(try jsonArray(dashboard.recentActivityResponse(limit: 10)).map { $0["id"] as? Int } == [7])
        }
    }

    @Test func aWorkerWithoutTheLeaseTakesNoPendingRuns() async throws {
        try await WorkerFixture.with { fixture in
            let leader = Dashboard(clock: fixture.clock)
            try await fixture.worker(owner: "worker-a", dashboard: leader).runOnce()
            let follower = Dashboard(clock: fixture.clock)
            let report = try await fixture.worker(owner: "worker-b", dashboard: follower).runOnce()
            #expect(!report.leader)
            #expect(leader.acceptsPendingRuns)
            #expect(!follower.acceptsPendingRuns)
        }
    }

    static func card(_ dashboard: Dashboard, _ title: String) -> Double? {
        let cards = try? jsonArray(dashboard.statsResponse())
        return cards?.first { $0["title"] as? String == title }?["raw"] as? Double
    }

    static func runsToday(_ dashboard: Dashboard) -> Double? { card(dashboard, "Total Runs Today") }

    static func costToday(_ dashboard: Dashboard) -> Double? { card(dashboard, "Total Cost Today") }
}
