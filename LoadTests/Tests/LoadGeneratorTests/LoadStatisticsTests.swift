import Testing

@testable import LoadGenerator

@Suite struct LoadStatisticsTests {
    @Test func mergingPerThreadStatisticsGivesTheTotals() {
        var random = FastRandom(seed: 11)
        var parts = (0..<4).map { _ in LoadStatistics(labels: 3) }
        var all = LoadStatistics(labels: 3)
        for index in 0..<40_000 {
            let latency = 1 + random.next() % 50_000_000
            let status = index % 10 == 0 ? 503 : 200
            let label = index % 3
            parts[index % 4].recordResponse(status: status, latencyNanos: latency, label: label)
            all.recordResponse(status: status, latencyNanos: latency, label: label)
            if index % 1000 == 0 {
                parts[index % 4].recordError(.reset)
                all.recordError(.reset)
            }
        }
        var merged = LoadStatistics(labels: 3)
        for part in parts { merged.merge(part) }
        #expect(merged.requests == 40_000)
        #expect(merged.latency.totalCount == 40_000)
        #expect(merged.latency == all.latency)
        #expect(merged.perLabel.map(\.totalCount) == all.perLabel.map(\.totalCount))
        #expect(merged.errorStatuses == [503: 4000])
        #expect(merged.errorKinds == ["reset": 40])
        for percentile in [50.0, 90, 99, 99.9] {
            #expect(merged.latency.valueAtPercentile(percentile) == all.latency.valueAtPercentile(percentile))
        }
    }
}
