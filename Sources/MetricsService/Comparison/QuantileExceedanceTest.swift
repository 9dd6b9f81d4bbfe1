/// Compares a high quantile (p95) of two runtime histograms: a two-sample quantile test (Mood's median
/// test generalised to quantile `q`).
///
/// The threshold is the pooled sample's q-quantile, as a bucket boundary of the pooled `LogHistogram`:
/// the one (above the quantile's bucket, or below it) that leaves the share closer to `1 − q` above it.
/// Each sample's count above the threshold is then exact, whatever the bucketing, and if both samples
/// come from one distribution the candidate's count, given the pooled counts, is hypergeometric: the
/// runs are exchangeable and the threshold depends on the pooled runs only. So `ProportionTest` on the
/// counts above the threshold is a valid test of "the candidate exceeds the common p95 more often",
/// which is what a slower p95 means. Its power is that of comparing the two sample quantiles (both
/// depend on the density at the quantile), without needing that density.
struct QuantileExceedanceTest: Sendable {
    var base: LogHistogram
    var candidate: LogHistogram
    var quantile: Double = 0.95

    /// One-sided p-values where "worse" means more of the candidate's runs are above the threshold.
    var pValues: OneSidedPValues {
        let counts = exceedances()
        return ProportionTest(
            baseEvents: counts.base, baseTrials: base.count, candidateEvents: counts.candidate,
            candidateTrials: candidate.count
        ).pValues
    }

    /// How many values of each sample lie above the pooled threshold.
    func exceedances() -> (base: Int128, candidate: Int128) {
        // Bucket order with the zero bucket first; Int64 so it sorts below every Int32 index.
        var merged: [Int64: (base: Int128, candidate: Int128)] = [:]
        let zero = Int64(Int32.min) - 1
        if base.zeroCount > 0 || candidate.zeroCount > 0 { merged[zero] = (base.zeroCount, candidate.zeroCount) }
        for (index, count) in base.buckets { merged[Int64(index), default: (0, 0)].base += count }
        for (index, count) in candidate.buckets { merged[Int64(index), default: (0, 0)].candidate += count }
        let buckets = merged.sorted { $0.key < $1.key }.map(\.value)
        let total = base.count + candidate.count
        guard total > 0 else { return (0, 0) }
        let clamped = min(max(quantile, 0), 1)
        let rank = min(Int128((clamped * Double(total - 1)).rounded()), total - 1)
        let target = (1 - clamped) * Double(total)
        // Above each boundary, from the top: find the bucket holding the pooled quantile's rank.
        var above: (base: Int128, candidate: Int128) = (0, 0)
        var seen = total
        for bucket in buckets.reversed() {
            let pooled = bucket.base + bucket.candidate
            seen -= pooled
            if rank >= seen {
                // `above` excludes this bucket; including it moves `pooled` more values above.
                let excluded = Double(above.base + above.candidate)
                let included = excluded + Double(pooled)
                if abs(included - target) < abs(excluded - target) {
                    return (above.base + bucket.base, above.candidate + bucket.candidate)
                }
                return above
            }
            above.base += bucket.base
            above.candidate += bucket.candidate
        }
        return above
    }
}
