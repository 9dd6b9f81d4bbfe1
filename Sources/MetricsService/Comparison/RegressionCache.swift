import HTTPCore

/// Every version's `VersionRegression`, recomputed only for versions whose own or predecessor's aggregate
/// changed since the last call.
///
/// A snapshot is built after every worker pass that counted runs, but a pass changes few versions, and the p95
/// test merges and sorts two histograms: recomputing thousands of unchanged comparisons each pass would cost
/// the worker more than counting. The cache holds one entry per version of the last call, so it never grows
/// past the catalogue. Called by one task at a time (the worker's actor, or a dashboard's refresh); the lock
/// only makes that safe to share.
public final class RegressionCache: Sendable {
    /// What an aggregate's comparison depends on, cheap to compare: the sums change whenever a run is added.
    struct Fingerprint: Hashable {
        var totalRuns: Int128
        var successes: Int128
        var failures: Int128
        var runtimeCount: Int128
        var runtimeMicros: Int128
        var spendMicros: Int128
        var squaresKnown: Bool

        init(_ aggregate: VersionAggregate) {
            totalRuns = aggregate.totalRuns
            successes = aggregate.successes
            failures = aggregate.failures
            runtimeCount = aggregate.runtimeCount
            runtimeMicros = aggregate.runtimeMicros
            spendMicros = aggregate.spendMicros
            squaresKnown = aggregate.runtimeSquares != nil && aggregate.costSquares != nil
        }
    }

    private struct Entry {
        var candidate: Fingerprint
        var base: VersionKey
        var baseFingerprint: Fingerprint
        var configuration: ComparisonConfiguration
        var regression: VersionRegression
    }

    private let entries = LockedValue<[VersionKey: Entry]>([:])

    public init() {}

    /// The regression of every version that has one: at least `minimumRuns` finished runs, and a predecessor
    /// (`VersionRegression.predecessors`) with as many.
    public func regressions(
        versions: [AgentVersion], aggregates: [VersionKey: VersionAggregate], configuration: ComparisonConfiguration
    ) -> [VersionKey: VersionRegression] {
        let previous = entries.withLock { $0 }
        var next: [VersionKey: Entry] = [:]
        var result: [VersionKey: VersionRegression] = [:]
        let minimum = Int128(configuration.minimumRuns)
        for (key, baseKey) in VersionRegression.predecessors(of: versions, aggregates: aggregates) {
            guard let candidate = aggregates[key], let base = aggregates[baseKey],
                candidate.successes + candidate.failures >= minimum, base.successes + base.failures >= minimum
            else { continue }
            let fingerprints = (Fingerprint(candidate), Fingerprint(base))
            let regression: VersionRegression
            if let entry = previous[key], entry.base == baseKey, entry.candidate == fingerprints.0,
                entry.baseFingerprint == fingerprints.1, entry.configuration == configuration
            {
                regression = entry.regression
            } else {
                regression = VersionRegression(
                    against: baseKey.version,
                    comparison: VersionComparison(base: base, candidate: candidate, configuration: configuration))
            }
            next[key] = Entry(
                candidate: fingerprints.0, base: baseKey, baseFingerprint: fingerprints.1,
                configuration: configuration, regression: regression)
            result[key] = regression
        }
        entries.withLock { $0 = next }
        return result
    }
}
