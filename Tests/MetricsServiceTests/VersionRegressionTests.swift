import Testing

@testable import MetricsService

struct VersionRegressionTests {
    static func version(_ name: String, agent: String = "a", createdMs: Int64 = 0) -> AgentVersion {
        AgentVersion(
            id: name, agentId: agent, version: name, cluster: "", deployment: "", tools: [], models: [],
            createdMs: createdMs)
    }

    static func aggregates(_ runs: [(String, Int)], agent: String = "a") -> [VersionKey: VersionAggregate] {
        var result: [VersionKey: VersionAggregate] = [:]
        for (version, count) in runs {
            let key = VersionKey(agentId: agent, version: version)
            result[key] = VersionComparisonTests.aggregate(runs: count, failures: count / 20)
            result[key]?.key = key
        }
        return result
    }

    static func key(_ version: String, agent: String = "a") -> VersionKey {
        VersionKey(agentId: agent, version: version)
    }

    @Test func predecessorIsThePreviousSemanticVersionWithRunsOfTheSameAgent() {
        let versions = [
            Self.version("1.10.0"), Self.version("1.2.0"), Self.version("1.9.0"), Self.version("2.0.0-rc.1"),
            Self.version("2.0.0"), Self.version("1.2.0", agent: "b"), Self.version("1.3.0", agent: "b"),
        ]
        // 1.10.0 has no runs: 2.0.0-rc.1 skips it; versions of agent b never mix with agent a's.
        var aggregates = Self.aggregates([("1.2.0", 5), ("1.9.0", 5), ("2.0.0-rc.1", 5), ("2.0.0", 5)])
        aggregates.merge(Self.aggregates([("1.2.0", 5)], agent: "b")) { first, _ in first }
        let predecessors = VersionRegression.predecessors(of: versions, aggregates: aggregates)
        #expect(predecessors[Self.key("1.9.0")] == Self.key("1.2.0"))
        #expect(predecessors[Self.key("1.10.0")] == Self.key("1.9.0"))
        #expect(predecessors[Self.key("2.0.0-rc.1")] == Self.key("1.9.0"))
        #expect(predecessors[Self.key("2.0.0")] == Self.key("2.0.0-rc.1"))
        #expect(predecessors[Self.key("1.2.0")] == nil)
        #expect(predecessors[Self.key("1.3.0", agent: "b")] == Self.key("1.2.0", agent: "b"))
        #expect(predecessors[Self.key("1.2.0", agent: "b")] == nil)
    }

    @Test func versionsThatAreNotSemverFollowSemverOnesByCreationTime() {
        let versions = [
            Self.version("nightly-2", createdMs: 20), Self.version("nightly-1", createdMs: 10), Self.version("1.0.0"),
        ]
        let aggregates = Self.aggregates([("nightly-1", 5), ("nightly-2", 5), ("1.0.0", 5)])
        let predecessors = VersionRegression.predecessors(of: versions, aggregates: aggregates)
        #expect(predecessors[Self.key("nightly-2")] == Self.key("nightly-1"))
        #expect(predecessors[Self.key("1.0.0")] == Self.key("nightly-2"))
    }

    @Test func regressionNeedsTheMinimumRunsOnBothSides() {
        let versions = [Self.version("1.0.0"), Self.version("1.1.0"), Self.version("1.2.0")]
        let aggregates = Self.aggregates([("1.0.0", 150), ("1.1.0", 300), ("1.2.0", 300)])
        let regressions = RegressionCache().regressions(
            versions: versions, aggregates: aggregates, configuration: ComparisonConfiguration())
        // 1.1.0's predecessor has too few runs; 1.2.0 is compared with 1.1.0; 1.0.0 has no predecessor.
        #expect(regressions[Self.key("1.1.0")] == nil)
        #expect(regressions[Self.key("1.0.0")] == nil)
        let regression = try? #require(regressions[Self.key("1.2.0")])
        #expect(regression?.against == "1.1.0")
        #expect(regression?.verdict == .noChange)
        #expect(regression?.comparison.metrics.count == 4)
    }

    @Test func cacheRecomputesOnlyWhenEitherSideChanged() {
        let cache = RegressionCache()
        let versions = [Self.version("1.0.0"), Self.version("1.1.0")]
        var aggregates = Self.aggregates([("1.0.0", 300), ("1.1.0", 300)])
        let configuration = ComparisonConfiguration()
        let first = cache.regressions(versions: versions, aggregates: aggregates, configuration: configuration)
        #expect(first[Self.key("1.1.0")]?.verdict == .noChange)
        // The same sums with every runtime bucket 20 higher (×1.49) would give another p95 verdict: the cache
        // does not notice (sums identify an aggregate, as they grow with every run)...
        let shifted = aggregates[Self.key("1.1.0")]!.runtimeHistogram.buckets.map { ($0.key + 20, $0.value) }
        aggregates[Self.key("1.1.0")]?.runtimeHistogram = LogHistogram(
            buckets: Dictionary(uniqueKeysWithValues: shifted))
        let unchanged = cache.regressions(versions: versions, aggregates: aggregates, configuration: configuration)
        #expect(unchanged == first)
        // ...until a run added to the base changes its sums.
        aggregates[Self.key("1.0.0")]?.add(outcome: .success, runtimeMicros: 1, costMicros: 1, createdMs: 0)
        let changed = cache.regressions(versions: versions, aggregates: aggregates, configuration: configuration)
        #expect(changed[Self.key("1.1.0")]?.comparison.metrics[2].verdict == .worse)
    }
}
