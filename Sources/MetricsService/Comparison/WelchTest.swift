/// Compares two means from count, sum and sum of squares: Welch's t-test, with one guard.
///
/// The standard error is the larger of Welch's `√(s₁²/n₁ + s₂²/n₂)` and the pooled-variance one
/// `s_p·√(1/n₁ + 1/n₂)`; the degrees of freedom are Welch–Satterthwaite's. At equal sample sizes the
/// two errors are the same, so power is Welch's. The guard is for right-skewed metrics (runtime,
/// cost) with unequal sizes: a small sample whose mean came out low by chance usually has a low
/// variance too, and Welch alone then calls the larger sample "worse" far more often than α (measured
/// 1.8% instead of 0.25% for lognormal σ = 1 at 200 against 5,000 runs; 0.0% with the guard). Taking
/// the larger error only ever raises the p-value, so it never makes the test less safe than Welch's.
///
/// The statistic does not depend on the unit, so the moments stay in integer micro-units.
struct WelchTest: Sendable {
    var base: MomentSums
    var candidate: MomentSums

    /// One-sided p-values where "worse" means the candidate's mean is higher.
    var pValues: OneSidedPValues {
        guard let baseMean = base.mean, let candidateMean = candidate.mean, let baseVariance = base.variance,
            let candidateVariance = candidate.variance
        else { return .none }
        let (n1, n2) = (Double(base.count), Double(candidate.count))
        let (v1, v2) = (baseVariance / n1, candidateVariance / n2)
        let pooledVariance = (baseVariance * (n1 - 1) + candidateVariance * (n2 - 1)) / (n1 + n2 - 2)
        let standardError = max((v1 + v2).squareRoot(), (pooledVariance * (1 / n1 + 1 / n2)).squareRoot())
        let difference = candidateMean - baseMean
        guard standardError > 0 else {
            // No spread at all: any difference is certain.
            if difference == 0 { return .none }
            return difference > 0 ? OneSidedPValues(worse: 0, better: 1) : OneSidedPValues(worse: 1, better: 0)
        }
        let t = difference / standardError
        let degreesOfFreedom = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
        return OneSidedPValues(
            worse: Probability.studentUpperTail(t, degreesOfFreedom: degreesOfFreedom),
            better: Probability.studentUpperTail(-t, degreesOfFreedom: degreesOfFreedom))
    }
}
