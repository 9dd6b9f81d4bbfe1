/// A sample summarised by its count, sum and sum of squares, in integer units (micro-seconds,
/// micro-dollars) as the aggregates keep them: all Welch's test needs.
struct SampleMoments: Sendable, Equatable {
    var count: Int128
    var sum: Int128
    var squares: Int128
    /// Units per reported value (1,000,000 for micro-units).
    var scale: Double = 1_000_000

    /// The mean in reported units; nil without values.
    var mean: Double? { count > 0 ? Double(sum) / Double(count) / scale : nil }

    /// The sum of squared deviations from the mean (in integer units squared), never negative.
    ///
    /// Computed in `Double` from the exact integer sums: `n·Σx² − (Σx)²` can overflow `Int128`, and
    /// the cancellation error, about 1e-16 of Σx², is far below any variance a test could resolve.
    var squaredDeviations: Double {
        guard count > 0 else { return 0 }
        let sum = Double(sum)
        return max(0, Double(squares) - sum * (sum / Double(count)))
    }

    /// The sample variance in reported units squared; nil below two values.
    var variance: Double? {
        count > 1 ? squaredDeviations / Double(count - 1) / (scale * scale) : nil
    }
}
