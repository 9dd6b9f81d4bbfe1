#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A mergeable histogram of positive values in logarithmic buckets, for runtime percentiles.
///
/// Bucket `i` holds values in `[γ^i, γ^(i+1))` with `γ = 1.02`. A quantile is answered with the
/// bucket's harmonic-style midpoint `2γ^(i+1)/(γ+1)`, whose relative error against any value in
/// the bucket is at most `(γ-1)/(γ+1)` ≈ 0.99%. Counts only add, so merging two histograms is
/// exact and order-independent: that is what lets the worker update percentiles incrementally
/// and still match a rebuild bit for bit.
public struct LogHistogram: Sendable, Equatable {
    /// The bucket growth ratio.
    public static let gamma = 1.02
    private static let logGamma = log(gamma)
    /// Values at or below this (zero runtimes, clock noise) share one bucket answered as 0.
    public static let minimumValue = 1e-9

    /// Sparse bucket index → count (`Int128`, like every aggregate sum).
    public private(set) var buckets: [Int32: Int128]
    /// Values at or below `minimumValue`.
    public private(set) var zeroCount: Int128

    public init(buckets: [Int32: Int128] = [:], zeroCount: Int128 = 0) {
        self.buckets = buckets
        self.zeroCount = zeroCount
    }

    /// How many values were recorded.
    public var count: Int128 { zeroCount + buckets.values.reduce(0, +) }

    /// The bucket index of a value above `minimumValue`.
    static func index(of value: Double) -> Int32 {
        Int32(floor(log(value) / logGamma))
    }

    /// The value a bucket answers with.
    static func representative(of index: Int32) -> Double {
        2 * pow(gamma, Double(index) + 1) / (gamma + 1)
    }

    /// Records one value; NaN and negatives count as zero, and so does infinity (which no
    /// validated run holds) rather than trapping in the index conversion.
    public mutating func record(_ value: Double) {
        guard value > Self.minimumValue, value.isFinite else {
            zeroCount += 1
            return
        }
        buckets[Self.index(of: value), default: 0] += 1
    }

    /// Adds another histogram's counts.
    public mutating func merge(_ other: LogHistogram) {
        zeroCount += other.zeroCount
        for (index, count) in other.buckets {
            buckets[index, default: 0] += count
        }
    }

    /// The value at quantile `q` (0...1), using the nearest rank `round(q·(n−1))` of the sorted
    /// values; 0 when empty.
    public func quantile(_ q: Double) -> Double {
        let total = count
        guard total > 0 else { return 0 }
        // Past 2^53 values `Double(total - 1)` can round up to `total`: clamp to the last rank.
        let rank = min(Int128((min(max(q, 0), 1) * Double(total - 1)).rounded()), total - 1)
        if rank < zeroCount { return 0 }
        var seen = zeroCount
        for index in buckets.keys.sorted() {
            seen += buckets[index]!
            if rank < seen { return Self.representative(of: index) }
        }
        return 0
    }
}
