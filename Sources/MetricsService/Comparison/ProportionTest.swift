/// Compares how often an event (a failed run, a run slower than a threshold) happens in two samples.
///
/// The method is the pooled two-proportion z-test, unless the 2×2 table is sparse: when any cell's
/// expected count under "no difference" is below `exactBelowExpectedCount`, Fisher's exact test (the
/// hypergeometric tail of the candidate's count given both margins), because the normal approximation
/// is then too optimistic in the far tail a verdict looks at. Fisher's sum is short in exactly those
/// cases: every cell's variance is below the smallest expected count.
struct ProportionTest: Sendable {
    /// Base: events and trials.
    var baseEvents: Int128
    var baseTrials: Int128
    /// Candidate: events and trials.
    var candidateEvents: Int128
    var candidateTrials: Int128

    static let exactBelowExpectedCount = 10.0

    /// One-sided p-values where "worse" means the candidate's event rate is higher.
    var pValues: OneSidedPValues {
        guard baseTrials > 0, candidateTrials > 0 else { return .none }
        let events = baseEvents + candidateEvents
        let trials = baseTrials + candidateTrials
        guard events > 0, events < trials else { return .none }
        if usesExactTest, let exact = exactPValues { return exact }
        let pooled = Double(events) / Double(trials)
        let standardError = (pooled * (1 - pooled) * (1 / Double(baseTrials) + 1 / Double(candidateTrials)))
            .squareRoot()
        let z =
            (Double(candidateEvents) / Double(candidateTrials) - Double(baseEvents) / Double(baseTrials))
            / standardError
        return OneSidedPValues(worse: Probability.normalUpperTail(z), better: Probability.normalUpperTail(-z))
    }

    /// Whether the smallest expected cell count is below `exactBelowExpectedCount`.
    var usesExactTest: Bool {
        let trials = Double(baseTrials + candidateTrials)
        let eventShare = Double(baseEvents + candidateEvents) / trials
        let smallestGroup = Double(min(baseTrials, candidateTrials))
        return smallestGroup * min(eventShare, 1 - eventShare) < Self.exactBelowExpectedCount
    }

    /// Fisher's one-sided tails; nil when a count does not fit `Int` (never for a sparse table).
    private var exactPValues: OneSidedPValues? {
        guard let population = Int(exactly: baseTrials + candidateTrials),
            let events = Int(exactly: baseEvents + candidateEvents),
            let draws = Int(exactly: candidateTrials), let observed = Int(exactly: candidateEvents)
        else { return nil }
        let atLeast = Probability.hypergeometricUpperTail(
            observed, population: population, successes: events, draws: draws)
        // P(X ≤ observed) as the upper tail of the draws' unmarked count, which keeps its precision when small.
        let atMost = Probability.hypergeometricUpperTail(
            draws - observed, population: population, successes: population - events, draws: draws)
        return OneSidedPValues(worse: atLeast, better: atMost)
    }
}
