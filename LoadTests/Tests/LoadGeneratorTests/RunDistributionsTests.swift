import Testing

@testable import LoadGenerator

@Suite struct RunDistributionsTests {
    @Test(arguments: [0.0, 0.05, 0.3])
    func honoursFailureRatioOver100kRuns(ratio: Double) {
        var distributions = RunDistributions()
        distributions.failureRatio = ratio
        var random = FastRandom(seed: 42)
        var failures = 0
        for _ in 0..<100_000 where distributions.status(&random) != RunDistributions.successStatus { failures += 1 }
        #expect(abs(Double(failures) / 100_000 - ratio) < 0.005)
    }

    @Test func timeTakenIsPositiveWithAHeavyTail() {
        let distributions = RunDistributions()
        var random = FastRandom(seed: 9)
        var samples = (0..<100_000).map { _ in distributions.timeTakenNanoseconds(&random) }
        samples.sort()
        #expect(samples.first! > 0)
        let median = Double(samples[50_000])
        let p99 = Double(samples[99_000])
        // Log-normal with sigma 1.2: p99 ≈ e^(2.33·1.2) ≈ 16x the median; a thin tail would be under 3x.
        #expect(abs(median / 1e9 - distributions.medianSeconds) < 0.2)
        #expect(p99 / median > 10)
        #expect(Double(samples.last!) / median > 50)
    }

    @Test func costsAreNonNegative() {
        let distributions = RunDistributions()
        var random = FastRandom(seed: 3)
        for _ in 0..<10_000 {
            let nanos = distributions.timeTakenNanoseconds(&random)
            #expect(distributions.cost(nanoseconds: nanos, &random) >= 0)
        }
    }
}
