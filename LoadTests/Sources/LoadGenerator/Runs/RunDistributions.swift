/// The shape of generated runs: how many fail, how long they take, what they cost.
public struct RunDistributions: Sendable {
    /// Fraction of runs whose status is a failure (`failed`, `error`, `timeout`).
    public var failureRatio: Double = 0.05
    /// Median of the log-normal `time_taken`, in seconds.
    public var medianSeconds: Double = 4
    /// Log-normal sigma: 1.2 puts p99 near 16x the median, the long tail agent runs have.
    public var sigma: Double = 1.2
    /// Cost per second of run time, in dollars, before a ±50% jitter.
    public var costPerSecond: Double = 0.002

    /// The defaults.
    public init() {}

    static let successStatus = "completed"
    static let failureStatuses = ["failed", "error", "timeout"]

    /// A status honouring `failureRatio`.
    public func status(_ random: inout FastRandom) -> String {
        if random.unit() < failureRatio {
            return Self.failureStatuses[Int(random.next() % UInt64(Self.failureStatuses.count))]
        }
        return Self.successStatus
    }

    /// A long-tailed run time in nanoseconds, always positive (at least 1 ms).
    public func timeTakenNanoseconds(_ random: inout FastRandom) -> Int64 {
        let seconds = medianSeconds * exp(sigma * random.normal())
        // Whole milliseconds keep the Go strings short ("3.412s"), as real agents report them.
        let millis = max(1, min(seconds * 1000, 86_400_000).rounded())
        return Int64(millis) * 1_000_000
    }

    /// A cost for a run of `nanoseconds`, non-negative, rounded to 1/10000 of a dollar.
    public func cost(nanoseconds: Int64, _ random: inout FastRandom) -> Double {
        let base = Double(nanoseconds) / 1e9 * costPerSecond * (0.5 + random.unit())
        return (base * 10_000).rounded() / 10_000
    }
}

#if canImport(Glibc)
    import Glibc
#endif
