import Testing

@testable import MetricsService

/// Which versions get business series, and how runtimes fall into the exported buckets.
struct VersionMetricsTests {
    private func row(_ agent: String, _ version: String, lastSeenMs: Int64?, createdMs: Int64 = 0) -> VersionRow {
        var aggregate = VersionAggregate(key: VersionKey(agentId: agent, version: version))
        aggregate.lastSeenMs = lastSeenMs
        return VersionRow(
            version: AgentVersion(
                id: agent + version, agentId: agent, version: version, cluster: "", deployment: "", tools: [],
                models: [], createdMs: createdMs),
            agentName: agent, project: "", aggregate: aggregate)
    }

    @Test func keepsTheMostRecentlyActiveVersionsUpToTheCap() {
        let rows = [
            row("a", "1", lastSeenMs: 100), row("a", "2", lastSeenMs: 500),
            row("b", "1", lastSeenMs: nil, createdMs: 900),
            row("b", "2", lastSeenMs: 300), row("c", "1", lastSeenMs: 400),
        ]
        let chosen = VersionMetrics.mostRecentlyActive(rows, limit: 3).map {
            "\($0.version.agentId)/\($0.version.version)"
        }
        #expect(chosen == ["a/2", "c/1", "b/2"])
        #expect(VersionMetrics.mostRecentlyActive(rows, limit: 0).isEmpty)
        #expect(VersionMetrics.mostRecentlyActive(rows, limit: 10).count == 5)
    }

    @Test func runtimeBucketsAreCumulativeAndEndAtTheTotal() {
        var histogram = LogHistogram()
        for seconds in [0.0, 0.05, 0.3, 0.3, 4, 59, 7200] { histogram.record(seconds) }
        let counts = VersionSeries.cumulativeCounts(histogram, bounds: VersionMetrics.runtimeBuckets)
        // Bounds: 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600.
        #expect(counts == [2, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6, 6, 6])
        #expect(histogram.count == 7)
    }
}
