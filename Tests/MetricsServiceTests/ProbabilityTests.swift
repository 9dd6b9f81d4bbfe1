import Testing

@testable import MetricsService

/// The distribution tails against SciPy 1.17 (`stats.norm.sf`, `stats.t.sf`, `stats.hypergeom.sf`,
/// `stats.fisher_exact`).
struct ProbabilityTests {
    static func close(_ value: Double, _ expected: Double, relative: Double = 1e-6) -> Bool {
        abs(value - expected) <= relative * abs(expected)
    }

    @Test func normalTailMatchesSciPy() {
        #expect(Self.close(Probability.normalUpperTail(1.96), 0.024997895148220435))
        #expect(Self.close(Probability.normalUpperTail(-0.5), 0.6914624612740131))
        #expect(Self.close(Probability.normalUpperTail(4.5), 3.3976731247300535e-06))
    }

    @Test func studentTailMatchesSciPyAtWholeAndFractionalDegreesOfFreedom() {
        #expect(Self.close(Probability.studentUpperTail(2.0, degreesOfFreedom: 10), 0.03669401738537018))
        #expect(Self.close(Probability.studentUpperTail(-1.3, degreesOfFreedom: 3.7), 0.8656666379136863))
        #expect(Self.close(Probability.studentUpperTail(3.2, degreesOfFreedom: 250.5), 0.0007758075163107798))
        #expect(Self.close(Probability.studentUpperTail(2.9, degreesOfFreedom: 40_000), 0.0018668286818319143))
    }

    @Test func hypergeometricTailMatchesSciPyOnBothSidesOfTheMode() {
        let cases: [(Int, Int, Int, Int, Double)] = [
            (7, 1000, 50, 60, 0.025423446868155297),
            (1, 400, 3, 200, 0.8759398496240601),
            (30, 100_000, 40, 60_000, 0.035194971281674044),
            (2, 200, 5, 100, 0.8156646175037625),
        ]
        for (x, population, successes, draws, expected) in cases {
            let tail = Probability.hypergeometricUpperTail(
                x, population: population, successes: successes, draws: draws)
            #expect(Self.close(tail, expected), "x=\(x) N=\(population) K=\(successes) n=\(draws): \(tail)")
        }
        #expect(Probability.hypergeometricUpperTail(0, population: 10, successes: 3, draws: 4) == 1)
        #expect(Probability.hypergeometricUpperTail(4, population: 10, successes: 3, draws: 4) == 0)
    }

    @Test func sparseTablesUseFishersExactTest() {
        // 3/200 against 12/200 failures: expected cells of 7.5, below 10.
        let test = ProportionTest(baseEvents: 3, baseTrials: 200, candidateEvents: 12, candidateTrials: 200)
        #expect(test.usesExactTest)
        #expect(Self.close(test.pValues.worse, 0.015933520756230665))
        #expect(test.pValues.better > 0.99)
    }

    @Test func identicalOrEmptySamplesGiveNoEvidence() {
        #expect(
            ProportionTest(baseEvents: 0, baseTrials: 300, candidateEvents: 0, candidateTrials: 300).pValues == .none)
        let constant = MomentSums(count: 300, sum: 300 * 5_000, squares: SquareSum(high: 0, low: 300 * 5_000 * 5_000)!)
        #expect(WelchTest(base: constant, candidate: constant).pValues == .none)
        let higher = MomentSums(count: 300, sum: 300 * 6_000, squares: SquareSum(high: 0, low: 300 * 6_000 * 6_000)!)
        #expect(WelchTest(base: constant, candidate: higher).pValues == OneSidedPValues(worse: 0, better: 1))
    }
}
