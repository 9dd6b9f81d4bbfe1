import Foundation
import Testing

@testable import MetricsService

struct LogHistogramTests {
    @Test func percentilesStayWithinOnePercentOfExactValues() {
        var generator = SystemRandomNumberGenerator()
        var histogram = LogHistogram()
        var values: [Double] = []
        for _ in 0..<50_000 {
            // Log-uniform from 1 ms to 1 hour, the spread of real runtimes.
            let value = exp(Double.random(in: log(0.001)...log(3600), using: &generator))
            values.append(value)
            histogram.record(value)
        }
        values.sort()
        for q in [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999] {
            let exact = values[Int((q * Double(values.count - 1)).rounded())]
            let estimate = histogram.quantile(q)
            #expect(abs(estimate - exact) / exact <= 0.01, "q=\(q) exact=\(exact) estimate=\(estimate)")
        }
    }

    @Test func mergingEqualsRecordingEverythingInOne() {
        var left = LogHistogram()
        var right = LogHistogram()
        var all = LogHistogram()
        for index in 0..<1000 {
            let value = Double(index % 97) * 0.37
            if index.isMultiple(of: 3) { left.record(value) } else { right.record(value) }
            all.record(value)
        }
        var merged = right
        merged.merge(left)
        #expect(merged == all)
        #expect(merged.count == 1000)
    }

    @Test func emptyHistogramAnswersZeroAndZerosAreCounted() {
        #expect(LogHistogram().quantile(0.5) == 0)
        var histogram = LogHistogram()
        histogram.record(0)
        histogram.record(0)
        histogram.record(10)
        #expect(histogram.quantile(0.5) == 0)
        #expect(abs(histogram.quantile(1) - 10) / 10 <= 0.01)
    }

    @Test func histogramRoundTripsThroughBSON() throws {
        var histogram = LogHistogram()
        for value in [0.0, 0.002, 1.5, 1.5, 300] { histogram.record(value) }
        #expect(try LogHistogram(bson: histogram.toBSON()) == histogram)
    }
}
