import Foundation
import Testing

@testable import MetricsService

/// Sums at the documented bounds (`FieldBounds`): nothing traps, and every figure stays exact.
struct AggregateBoundsTests {
    static let key = VersionKey(agentId: "a", version: "1")
    static let maximalRun = RunSample(
        objectID: "0123456789abcdef01234567", key: key, runId: 1, status: "completed", createdMs: 0,
        runtimeMicros: RunSample.micros(FieldBounds.maximumTimeTakenSeconds),
        costMicros: RunSample.micros(FieldBounds.maximumCost))

    /// A million runs at the maximum cost and runtime, added one by one.
    static func millionMaximalRuns() -> VersionAggregate {
        var aggregate = VersionAggregate(key: key)
        for _ in 0..<1_000_000 { aggregate.add(maximalRun) }
        return aggregate
    }

    @Test func aMillionRunsAtMaximumCostAndRuntimeSumExactly() {
        let aggregate = Self.millionMaximalRuns()
        #expect(aggregate.totalRuns == 1_000_000)
        #expect(aggregate.spendMicros == 1_000_000 * 1_000_000_000_000)
        #expect(aggregate.spend == 1e12)
        #expect(aggregate.runtimeMicros == 1_000_000 * 2_592_000_000_000)
        #expect(aggregate.averageRuntime == FieldBounds.maximumTimeTakenSeconds)
        #expect(abs(aggregate.runtimePercentile(0.99) - FieldBounds.maximumTimeTakenSeconds) / 2_592_000 <= 0.01)
    }

    @Test func sumsPastInt64SurviveMergingStorageAndJSON() throws {
        // Ten merged million-run aggregates: 10^19 micro-dollars, past Int64.max (9.2·10^18).
        let million = Self.millionMaximalRuns()
        var total = VersionAggregate(key: Self.key)
        for _ in 0..<10 { total.merge(million) }
        #expect(total.spendMicros == 10_000_000_000_000_000_000)
        #expect(total.runtimeMicros == 25_920_000_000_000_000_000)

        let stored = try BSONDocument(total.toBSON(appliedPass: "p")).toBSONValue()
        #expect(stored["spend_micros"] == .string("10000000000000000000"))
        #expect(stored["total_runs"] == .int64(10_000_000))
        #expect(try VersionAggregate(bson: stored) == total)

        var writer = JSONWriter()
        writer.int128(total.spendMicros)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "10000000000000000000")
    }

    @Test func mergingTwoMaximalAggregatesDoesNotTrap() throws {
        // Documents written by hand may hold any int64; two of them at Int64.max merge exactly.
        var maximal = VersionAggregate(key: Self.key)
        let largest = Int128(Int64.max)
        maximal.totalRuns = largest
        maximal.successes = largest
        maximal.failures = largest
        maximal.runtimeCount = largest
        maximal.runtimeMicros = largest
        maximal.spendMicros = largest
        maximal.runtimeHistogram = LogHistogram(buckets: [10: largest], zeroCount: largest)
        var merged = maximal
        merged.merge(maximal)
        #expect(merged.spendMicros == 2 * largest)
        #expect(merged.totalRuns == 2 * largest)
        #expect(merged.runtimeHistogram.count == 4 * largest)
        #expect(merged.successRate == 50)
        #expect(merged.runtimePercentile(1) == LogHistogram.representative(of: 10))
        #expect(try VersionAggregate(bson: BSONDocument(merged.toBSON(appliedPass: "p")).toBSONValue()) == merged)

        var minute = ActivityMinute(startMs: 0)
        minute.costMicros = largest
        minute.runs = largest
        minute.agentRuns["a"] = largest
        var minutes = minute
        minutes.merge(minute)
        #expect(minutes.costMicros == 2 * largest)
        #expect(try ActivityMinute(bson: BSONDocument(minutes.toBSON(appliedPass: "p")).toBSONValue()) == minutes)
    }

    @Test func cardsFormatAnySumWithoutTrapping() {
        let huge = Int128(Int64.max) * 4
        var today = ActivityMinute(startMs: ActivityMinute.start(of: 1_000))
        today.costMicros = huge
        today.runs = huge
        let cards = StatsCards.compute(DashboardTimeline(minutes: [today]), nowMs: 1_000)
        #expect(cards[1].value == DashboardFormat.grouped(huge))
        #expect(cards[3].raw == Double(huge) / 1e6)
        #expect(cards[3].value == "$36,893,488,147,419.10")
        // A ratio too large for Int64 (today ≫ yesterday) is clamped, not a trap.
        let (change, trend) = StatsCards.percentChange(1e300, against: 1, zeroText: "")
        #expect(change == "+1,000,000,000,000,000% from yesterday")
        #expect(trend == .up)
        #expect(DashboardFormat.fixed(1e40, decimals: 2) == "1e+40")
        #expect(DashboardFormat.fixed(-.infinity, decimals: 2) == "0")
    }

    @Test func histogramCountsNonFiniteValuesAsZeroInsteadOfTrapping() {
        var histogram = LogHistogram()
        histogram.record(.infinity)
        histogram.record(.nan)
        histogram.record(.greatestFiniteMagnitude)
        #expect(histogram.zeroCount == 2)
        #expect(histogram.count == 3)
    }
}
