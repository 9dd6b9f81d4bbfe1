import Testing

@testable import MetricsService

struct VersionAggregateTests {
    static let key = VersionKey(agentId: "a", version: "1")

    static func run(_ status: String, runtime: Double?, cost: Double, at created: Int64) -> RunSample {
        RunSample(
            objectID: "", key: key, runId: created, status: status, createdMs: created,
            runtimeMicros: runtime.map(RunSample.micros), costMicros: RunSample.micros(cost))
    }

    @Test func successRateLeavesInProgressRunsOut() {
        var aggregate = VersionAggregate(key: Self.key)
        aggregate.add(Self.run("completed", runtime: 2, cost: 0.1, at: 10))
        aggregate.add(Self.run("success", runtime: 4, cost: 0.2, at: 30))
        aggregate.add(Self.run("failed", runtime: 6, cost: 0.3, at: 20))
        aggregate.add(Self.run("running", runtime: nil, cost: 0, at: 40))
        #expect(aggregate.totalRuns == 4)
        #expect(aggregate.successes == 2)
        #expect(aggregate.failures == 1)
        #expect(abs(aggregate.successRate - 200.0 / 3) < 1e-9)
        #expect(aggregate.averageRuntime == 4)
        #expect(aggregate.spendMicros == 600_000)
        #expect(aggregate.spend == 0.6)
        #expect(aggregate.firstSeenMs == 10)
        #expect(aggregate.lastSeenMs == 40)
    }

    @Test func emptyVersionReadsAsZeros() {
        let aggregate = VersionAggregate(key: Self.key)
        #expect(aggregate.successRate == 0)
        #expect(aggregate.averageRuntime == 0)
        #expect(aggregate.runtimePercentile(0.99) == 0)
        #expect(aggregate.firstSeenMs == nil)
    }

    @Test func mergeIsIndependentOfHowRunsAreSplit() {
        let runs = (0..<500).map { index in
            Self.run(
                index % 7 == 0 ? "failed" : "completed", runtime: Double(index) * 0.013, cost: 0.1, at: Int64(index))
        }
        var whole = VersionAggregate(key: Self.key)
        for run in runs { whole.add(run) }
        var pieces = VersionAggregate(key: Self.key)
        for chunk in stride(from: 0, to: runs.count, by: 37) {
            var part = VersionAggregate(key: Self.key)
            for run in runs[chunk..<min(chunk + 37, runs.count)].reversed() { part.add(run) }
            pieces.merge(part)
        }
        #expect(pieces == whole)
        #expect(pieces.spend == 50)
    }

    @Test func aggregateRoundTripsThroughBSON() throws {
        var aggregate = VersionAggregate(key: Self.key)
        aggregate.add(Self.run("completed", runtime: 2.5, cost: 0.25, at: 1_700_000_000_000))
        let document = aggregate.toBSON(appliedPass: "p1")
        #expect(document["first_seen"] == .date(1_700_000_000_000))
        #expect(try VersionAggregate(bson: document) == aggregate)
    }
}
