import Foundation
import HTTPCore
import Testing
import TimeFormats

@testable import MetricsService

/// The worker's hourly and daily buckets: by the run's `created`, in UTC, with exact sums and squares.
@Suite(.serialized) struct VersionBucketTests {
    static let midnight = RFC3339.parseMilliseconds("2024-03-16T00:00:00Z")!

    @Test func runsLandInTheirUTCHourAndDayWithExactSums() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let one = try await fixture.addVersion(agent, "1")
            let two = try await fixture.addVersion(agent, "2")
            try await fixture.addRuns([
                WorkerFixture.run(one, id: 1, status: "completed", at: Self.midnight - 1, seconds: 2, cost: 1),
                WorkerFixture.run(one, id: 2, status: "failed", at: Self.midnight, seconds: 4, cost: 2),
                WorkerFixture.run(one, id: 3, status: "running", at: Self.midnight + 1_800_000, seconds: nil, cost: 0),
                WorkerFixture.run(
                    two, id: 1, status: "completed", at: Self.midnight + 600_000, seconds: 1.5, cost: 0.25),
            ])
            try await fixture.worker().runOnce()
            let hours = try await fixture.aggregates(Collections.hourlyBuckets)
            #expect(
                hours.map { $0["_id"]?.stringValue } == [
                    "\(agent.id)/1/\(Self.midnight - 3_600_000)", "\(agent.id)/1/\(Self.midnight)",
                    "\(agent.id)/2/\(Self.midnight)",
                ])
            #expect(hours[0]["start"] == .date(Self.midnight - 3_600_000))
            #expect(Self.sums(hours[0]) == [1, 1, 0, 1, 2_000_000, 4_000_000_000_000, 1_000_000, 1_000_000_000_000])
            #expect(Self.sums(hours[1]) == [2, 0, 1, 1, 4_000_000, 16_000_000_000_000, 2_000_000, 4_000_000_000_000])
            #expect(Self.sums(hours[2]) == [1, 1, 0, 1, 1_500_000, 2_250_000_000_000, 250_000, 62_500_000_000])
            let days = try await fixture.aggregates(Collections.dailyBuckets)
            #expect(
                days.map { $0["start"] } == [
                    .date(Self.midnight - 86_400_000), .date(Self.midnight), .date(Self.midnight),
                ])
            #expect(days.map { $0["version"]?.stringValue } == ["1", "1", "2"])
            #expect(Self.sums(days[1]) == Self.sums(hours[1]))

            // A second pass adds to the stored bucket; the decoded sums answer rates and percentiles.
            try await fixture.addRuns([
                WorkerFixture.run(one, id: 4, status: "completed", at: Self.midnight + 5, seconds: 6, cost: 1)
            ])
            try await fixture.worker().runOnce()
            let merged = try VersionBucket(
                bson: try #require(try await fixture.aggregates(Collections.hourlyBuckets).dropFirst().first),
                width: .hour)
            #expect(merged.sums.runs == 3)
            #expect(merged.sums.successRate == 50)
            #expect(merged.sums.averageRuntime == 5)
            #expect(merged.sums.runtime.variance == 2_000_000_000_000)
            #expect(abs((merged.sums.runtimePercentile(0.95) ?? 0) - 6) / 6 <= 0.01)
            #expect(merged.sums.totalCost == 3)
        }
    }

    /// `windowSums`: hourly buckets at the partial days of either end, daily ones between, per version; the same
    /// sums as adding the window's runs directly, from the start of the hour holding `since`.
    @Test func windowSumsAddHoursAndDaysToTheRunsOfTheWindow() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let one = try await fixture.addVersion(agent, "1")
            let two = try await fixture.addVersion(agent, "2")
            let hour: Int64 = 3_600_000
            let offsets: [Int64] = [5 * hour + 1_800_000, 23 * hour + 600_000, 36 * hour, 73 * hour, 77 * hour]
            var runs: [AgentRun] = []
            for (index, offset) in offsets.enumerated() {
                for (version, extra) in [(one, 0), (two, 1)] {
                    runs.append(
                        WorkerFixture.run(
                            version, id: Int64(index * 2 + extra), status: index % 2 == 0 ? "completed" : "failed",
                            at: Self.midnight + offset, seconds: Double(index + extra) + 0.25, cost: Double(index) * 0.5
                        ))
                }
            }
            try await fixture.addRuns(runs)
            try await fixture.worker().runOnce()
            let store = TimeSeriesStore(pool: fixture.pool)
            let samples = try runs.map { run in
                try RunSample(
                    bson: .document([("_id", .objectID(WorkerFixture.objectID()))] + (run.toBSON().documentValue ?? []))
                )
            }
            func expected(_ from: Int64, _ until: Int64) -> [String: RunSums] {
                var sums: [String: RunSums] = [:]
                for sample in samples where sample.createdMs >= from && sample.createdMs < until {
                    sums[sample.key.version, default: RunSums()].add(sample)
                }
                return sums
            }
            let cases: [(since: Int64, until: Int64?, from: Int64, to: Int64)] = [
                (Self.midnight + 5 * hour + 2_000_000, nil, Self.midnight + 5 * hour, .max),
                (Self.midnight + 6 * hour, nil, Self.midnight + 6 * hour, .max),
                (
                    Self.midnight + 6 * hour, Self.midnight + 73 * hour + 1, Self.midnight + 6 * hour,
                    Self.midnight + 74 * hour
                ),
                (Self.midnight, Self.midnight + 24 * hour, Self.midnight, Self.midnight + 24 * hour),
                (
                    Self.midnight + 30 * hour, Self.midnight + 37 * hour, Self.midnight + 30 * hour,
                    Self.midnight + 37 * hour
                ),
            ]
            for (since, until, from, to) in cases {
                let sums = try await store.windowSums(agentId: agent.id, sinceMs: since, untilMs: until)
                #expect(sums == expected(from, to), "since \(since) until \(String(describing: until))")
            }
            #expect(
                try await store.windowSums(agentId: agent.id, sinceMs: Self.midnight, untilMs: Self.midnight).isEmpty)
            #expect(
                try await store.windowSums(agentId: agent.id, sinceMs: .min, untilMs: .max).values.map(\.runs) == [
                    5, 5,
                ])
        }
    }

    /// runs, successes, failures, runtime count/sum/squares, cost sum/squares.
    static func sums(_ document: BSONValue) -> [Int64] {
        [
            "runs", "successes", "failures", "runtime_count", "runtime_micros", "runtime_squares", "cost_micros",
            "cost_squares",
        ].map { document[$0]?.int64Value ?? -1 }
    }
}
