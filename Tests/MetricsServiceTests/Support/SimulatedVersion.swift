import Foundation
import TestSupport

@testable import MetricsService

/// A version's runs drawn from known distributions, counted into a `VersionAggregate` exactly as the
/// worker counts stored runs (`VersionAggregate.add`: micro-unit rounding, the runtime histogram's
/// buckets), from the parsed outcome rather than a status string.
struct SimulatedVersion {
    /// Probability that a finished run succeeds.
    var successRate = 0.95
    /// Share of runs still in progress (no outcome, no runtime).
    var inProgressShare = 0.01
    /// Runtime: lognormal with this median in seconds and this σ of its logarithm.
    var runtimeMedian = 20.0
    var runtimeSigma = 0.5
    /// Cost: lognormal with this median in dollars and this σ of its logarithm.
    var costMedian = 0.02
    var costSigma = 0.5

    func aggregate(runs: Int, using generator: inout SeededGenerator) -> VersionAggregate {
        var aggregate = VersionAggregate(key: VersionKey(agentId: "simulated", version: "1"))
        for _ in 0..<runs {
            let outcome: RunOutcome =
                Double.random(in: 0..<1, using: &generator) < inProgressShare
                ? .inProgress : (Double.random(in: 0..<1, using: &generator) < successRate ? .success : .failure)
            let (z1, z2) = Self.normalPair(using: &generator)
            let runtime = outcome == .inProgress ? nil : runtimeMedian * exp(runtimeSigma * z1)
            aggregate.add(
                outcome: outcome, runtimeMicros: runtime.map(RunSample.micros),
                costMicros: RunSample.micros(costMedian * exp(costSigma * z2)), createdMs: 0)
        }
        return aggregate
    }

    /// Two independent standard normal draws (Box–Muller).
    static func normalPair(using generator: inout SeededGenerator) -> (Double, Double) {
        let radius = (-2 * log(Double.random(in: Double.ulpOfOne..<1, using: &generator))).squareRoot()
        let angle = 2 * Double.pi * Double.random(in: 0..<1, using: &generator)
        return (radius * cos(angle), radius * sin(angle))
    }
}
