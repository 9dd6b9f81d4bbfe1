import Foundation
import HTTPCore
import Testing

@testable import MetricsService

/// Retention: counted runs past the horizon go, the aggregates stay whole, and `rebuild` will not
/// silently shrink them afterwards.
@Suite(.serialized) struct WorkerRetentionTests {
    static let day: Int64 = 86_400_000
    static let ninetyDays: Duration = .seconds(90 * 86_400)

    @Test func retentionPeriodsParseDaysAndGoDurations() {
        #expect(RetentionPeriod.parse("90d") == .seconds(90 * 86_400))
        #expect(RetentionPeriod.parse("36h30m") == .seconds(36 * 3_600 + 30 * 60))
        #expect(RetentionPeriod.parse("1d") == .seconds(86_400))
        for bad in ["0d", "-1d", "d", "90", "0s", "-5h", "36501d", "1.5d", "ninety"] {
            #expect(RetentionPeriod.parse(bad) == nil, "\(bad)")
        }
    }

    /// Five runs 100–104 days old and five from the last hours: with 90 days kept, the old ones go,
    /// in batches of two, and every aggregate and activity minute stays exactly as before.
    static func seed(_ fixture: WorkerFixture) async throws -> AgentVersion {
        let agent = try await fixture.addAgent("alpha", project: "p")
        let version = try await fixture.addVersion(agent, "1", createdMs: WorkerFixture.start - 200 * day)
        try await fixture.addRuns(
            (0..<10).map { id in
                let age = id < 5 ? (100 + Int64(id)) * day : Int64(id) * 3_600_000
                return WorkerFixture.run(
                    version, id: Int64(id), at: WorkerFixture.start - age, seconds: Double(id + 1), cost: 0.25)
            })
        return version
    }

    @Test func oldCountedRunsGoAndTheCountsStay() async throws {
        try await WorkerFixture.with { fixture in
            let version = try await Self.seed(fixture)
            let plain = fixture.worker(owner: "plain")
            #expect(try await plain.runOnce().countedRuns == 10)
            await plain.stop()
            let counted = try await fixture.aggregates()
            let minutes = try await fixture.aggregates("agent_activity")

            let retaining = fixture.worker(owner: "retaining", batchSize: 2, retention: Self.ninetyDays)
            let report = try await retaining.runOnce()
            #expect(report.deletedRuns == 5)
            #expect(report.countedRuns == 0)
            let horizon = WorkerFixture.start - 90 * Self.day
            #expect(try await fixture.count("agent_runs") == 5)
            #expect(try await fixture.count("agent_runs", ["created": ["$lt": .date(horizon)]]) == 0)
            #expect(try await fixture.aggregates() == counted)
            #expect(try await fixture.aggregates("agent_activity") == minutes)
            let status = try #require(try await MetricsStore(pool: fixture.pool).retentionStatus())
            #expect(status == RetentionStatus(deletedBeforeMs: horizon, deletedRuns: 5))

            // A late run, already past the horizon when it arrives: counted first, then deleted.
            try await fixture.addRuns([WorkerFixture.run(version, id: 99, at: horizon - Self.day)])
            let store = MetricsStore(pool: fixture.pool)
            #expect(try await store.countedRunIDs(createdBefore: horizon, limit: 10).isEmpty)
            let late = try await retaining.runOnce()
            #expect(late.countedRuns == 1)
            #expect(late.deletedRuns == 1)
            #expect(try await fixture.countedTotal() == 11)
            #expect(try await fixture.count("agent_runs") == 5)
            #expect(try await store.retentionStatus()?.deletedRuns == 6)
            // Nothing more is old: the next pass deletes nothing.
            #expect(try await retaining.runOnce().deletedRuns == 0)
        }
    }

    /// Buckets follow the runs: those wholly before the horizon go with the runs they describe, the one holding
    /// the horizon stays whole, and the counts of the ones after it do not change.
    @Test func bucketsWhollyPastTheHorizonGo() async throws {
        try await WorkerFixture.with { fixture in
            let version = try await Self.seed(fixture)
            // Two runs in the hour (and day) that holds the horizon, on either side of it.
            let horizon = WorkerFixture.start - 90 * Self.day
            try await fixture.addRuns([
                WorkerFixture.run(version, id: 50, at: horizon - 60_000),
                WorkerFixture.run(version, id: 51, at: horizon + 60_000),
            ])
            let plain = fixture.worker(owner: "plain")
            #expect(try await plain.runOnce().countedRuns == 12)
            await plain.stop()
            let hours = try await fixture.aggregates(Collections.hourlyBuckets)
            let days = try await fixture.aggregates(Collections.dailyBuckets)
            let retaining = fixture.worker(owner: "retaining", retention: Self.ninetyDays)
            #expect(try await retaining.runOnce().deletedRuns == 6)
            for (width, before) in [(BucketWidth.hour, hours), (.day, days)] {
                let kept = before.filter { ($0["start"]?.dateValue ?? 0) >= width.start(of: horizon) }
                #expect(kept.count < before.count)
                #expect(try await fixture.aggregates(width.collection) == kept, "\(width)")
                let holding = kept.first { $0["start"]?.dateValue == width.start(of: horizon) }
                #expect(holding?["runs"]?.int64Value == 2, "\(width)")
            }
        }
    }

    @Test func rebuildAfterRetentionRefusesUnlessForced() async throws {
        try await WorkerFixture.with { fixture in
            _ = try await Self.seed(fixture)
            let worker = fixture.worker(retention: Self.ninetyDays)
            #expect(try await worker.runOnce().deletedRuns == 5)
            let kept = try await fixture.aggregates()
            let status = RetentionStatus(deletedBeforeMs: WorkerFixture.start - 90 * Self.day, deletedRuns: 5)
            await #expect(throws: MetricsWorkerError.rawRunsDeleted(status)) { try await worker.rebuild() }
            #expect(try await fixture.aggregates() == kept)
            #expect(try await fixture.countedTotal() == 10)
            // Forced, it counts what is left, and the record of deletion stays for the next rebuild.
            try await worker.rebuild(force: true)
            #expect(try await fixture.countedTotal() == 5)
            await #expect(throws: MetricsWorkerError.rawRunsDeleted(status)) { try await worker.rebuild() }
        }
    }

    @Test func withoutRetentionNothingIsDeleted() async throws {
        try await WorkerFixture.with { fixture in
            _ = try await Self.seed(fixture)
            #expect(try await fixture.worker().runOnce().deletedRuns == 0)
            #expect(try await fixture.count("agent_runs") == 10)
            #expect(try await MetricsStore(pool: fixture.pool).retentionStatus() == nil)
        }
    }
}
