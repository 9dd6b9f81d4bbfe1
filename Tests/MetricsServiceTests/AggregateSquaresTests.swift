import Testing

@testable import MetricsService

/// The sums of squares behind the Welch tests: exact at the bounds, stored like the other sums, and
/// unknown (never wrong) for documents stored before they existed, until `--rebuild`.
struct AggregateSquaresTests {
    @Test func squaresOfAMillionMaximalRunsAreExactAndRoundTrip() throws {
        var aggregate = VersionAggregate(key: AggregateBoundsTests.key)
        for _ in 0..<1_000_000 { aggregate.add(AggregateBoundsTests.maximalRun) }
        let runtime = Int128(2_592_000_000_000)
        let cost = Int128(1_000_000_000_000)
        #expect(aggregate.runtimeSquares?.int128Value == 1_000_000 * runtime * runtime)
        #expect(aggregate.costSquares?.int128Value == 1_000_000 * cost * cost)
        var total = VersionAggregate(key: AggregateBoundsTests.key)
        for _ in 0..<1_000 { total.merge(aggregate) }
        #expect(total.runtimeSquares?.int128Value == 1_000_000_000 * runtime * runtime)
        let stored = try BSONDocument(total.toBSON(appliedPass: "p")).toBSONValue()
        #expect(stored["cost_squares"] == .string(String(1_000_000_000 * cost * cost)))
        #expect(try VersionAggregate(bson: stored) == total)
    }

    @Test func documentsWithoutSquaresReadAsUnknown() throws {
        var aggregate = VersionAggregate(key: AggregateBoundsTests.key)
        aggregate.add(AggregateBoundsTests.maximalRun)
        let legacy = BSONValue.document(
            (aggregate.toBSON(appliedPass: "p").documentValue ?? []).filter { !$0.0.hasSuffix("_squares") })
        let read = try VersionAggregate(bson: legacy)
        #expect(read.runtimeSquares == nil && read.costSquares == nil)
        #expect(read.totalRuns == 1)
        #expect(try VersionAggregate(bson: read.toBSON(appliedPass: "p")) == read)
    }

    @Test func workerKeepsLegacySquaresUnknownUntilARebuild() async throws {
        try await WorkerFixture.with { fixture in
            let agent = try await fixture.addAgent("alpha", project: "p")
            let version = try await fixture.addVersion(agent, "1")
            try await fixture.addRuns([
                WorkerFixture.run(version, id: 1, at: WorkerFixture.start, seconds: 2, cost: 0.5),
                WorkerFixture.run(version, id: 2, at: WorkerFixture.start, seconds: 3, cost: 0.25),
            ])
            let worker = fixture.worker()
            try await worker.runOnce()
            var document = try #require(try await fixture.aggregates().first)
            #expect(document["runtime_squares"] == .int64(13_000_000_000_000))
            #expect(document["cost_squares"] == .int64(312_500_000_000))
            // As an older server left it: no squares.
            try await fixture.pool.withCollection("agent_version_metrics") { collection in
                _ = try collection.updateMany(
                    BSONDocument(), ["$unset": ["runtime_squares": "", "cost_squares": ""]])
            }
            try await fixture.addRuns([WorkerFixture.run(version, id: 3, at: WorkerFixture.start, seconds: 1, cost: 1)])
            fixture.advance(by: 5_001)
            #expect(try await fixture.worker(owner: "restarted").runOnce().leader)
            document = try #require(try await fixture.aggregates().first)
            #expect(document["total_runs"]?.int64Value == 3)
            #expect(document["runtime_squares"] == .null)
            #expect(document["cost_squares"] == .null)
            fixture.advance(by: 5_001)
            try await fixture.worker(owner: "rebuilder").rebuild()
            document = try #require(try await fixture.aggregates().first)
            #expect(document["runtime_squares"] == .int64(14_000_000_000_000))
            #expect(document["cost_squares"] == .int64(1_312_500_000_000))
        }
    }
}
