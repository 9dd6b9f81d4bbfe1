/// The metrics of one agent version, as sums that merge exactly.
///
/// Runtime and cost are kept as integer microseconds and micro-dollars: integer addition is
/// associative, so the totals do not depend on how runs were split across passes, and a
/// `--rebuild` reproduces them exactly (a `Double` sum would differ in the last bits). Each run's
/// cost is rounded to a micro-dollar once, when it is counted.
///
/// Every sum is an `Int128`. A run's values are bounded (`FieldBounds`: at most 10^12
/// micro-dollars and 2.6·10^12 microseconds), so even `Int64.max` runs sum to under 2.4·10^31,
/// far inside `Int128`; stored documents written by hand with sums near `Int64.max` merge
/// without trapping too.
///
/// The sums of squares (for `VersionComparison`'s Welch tests) are exact 192-bit `SquareSum`s, as in
/// the time buckets. They are optional: nil means unknown, as in a document stored before they existed,
/// whose squares cannot be recovered from its sums; merging keeps them unknown until `--rebuild`.
public struct VersionAggregate: Sendable, Equatable {
    public var key: VersionKey
    public var totalRuns: Int128 = 0
    public var successes: Int128 = 0
    public var failures: Int128 = 0
    /// Runs that carried a `time_taken`; the denominator of `averageRuntime`.
    public var runtimeCount: Int128 = 0
    public var runtimeMicros: Int128 = 0
    public var spendMicros: Int128 = 0
    /// Σ runtime² in microseconds², over the runs counted in `runtimeCount`; nil when unknown.
    public var runtimeSquares: SquareSum? = SquareSum()
    /// Σ cost² in micro-dollars², over every run; nil when unknown.
    public var costSquares: SquareSum? = SquareSum()
    /// Oldest and newest run `created`, in milliseconds; nil before the first run.
    public var firstSeenMs: Int64?
    public var lastSeenMs: Int64?
    public var runtimeHistogram = LogHistogram()

    public init(key: VersionKey) {
        self.key = key
    }

    /// Counts one run.
    public mutating func add(_ run: RunSample) {
        add(
            outcome: run.outcome, runtimeMicros: run.runtimeMicros, costMicros: run.costMicros,
            createdMs: run.createdMs)
    }

    /// Counts one run given by its parts (simulations skip parsing a status per run).
    mutating func add(outcome: RunOutcome, runtimeMicros runtime: Int64?, costMicros: Int64, createdMs: Int64) {
        totalRuns += 1
        switch outcome {
        case .success: successes += 1
        case .failure: failures += 1
        case .inProgress: break
        }
        if let runtime {
            runtimeCount += 1
            runtimeMicros += Int128(runtime)
            runtimeSquares?.add(square: runtime)
            runtimeHistogram.record(Double(runtime) / 1_000_000)
        }
        spendMicros += Int128(costMicros)
        costSquares?.add(square: costMicros)
        firstSeenMs = min(firstSeenMs ?? createdMs, createdMs)
        lastSeenMs = max(lastSeenMs ?? createdMs, createdMs)
    }

    /// Adds another aggregate of the same version (a pass's delta).
    public mutating func merge(_ other: VersionAggregate) {
        totalRuns += other.totalRuns
        successes += other.successes
        failures += other.failures
        runtimeCount += other.runtimeCount
        runtimeMicros += other.runtimeMicros
        spendMicros += other.spendMicros
        if let squares = other.runtimeSquares { runtimeSquares?.merge(squares) } else { runtimeSquares = nil }
        if let squares = other.costSquares { costSquares?.merge(squares) } else { costSquares = nil }
        if let first = other.firstSeenMs { firstSeenMs = min(firstSeenMs ?? first, first) }
        if let last = other.lastSeenMs { lastSeenMs = max(lastSeenMs ?? last, last) }
        runtimeHistogram.merge(other.runtimeHistogram)
    }

    /// Mean runtime in seconds over runs that reported one; 0 when none did.
    public var averageRuntime: Double {
        runtimeCount == 0 ? 0 : Double(runtimeMicros) / Double(runtimeCount) / 1_000_000
    }

    /// successes / (successes + failures) in percent; in-progress runs are left out, and a version
    /// with no finished run reads 0.
    public var successRate: Double {
        let finished = successes + failures
        return finished == 0 ? 0 : Double(successes) * 100 / Double(finished)
    }

    /// Total cost in dollars: the sum of the runs' costs, each rounded to a micro-dollar.
    public var spend: Double { Double(spendMicros) / 1_000_000 }

    /// Runtime percentile in seconds (q in 0...1), within 1% of the exact value.
    public func runtimePercentile(_ q: Double) -> Double { runtimeHistogram.quantile(q) }
}
