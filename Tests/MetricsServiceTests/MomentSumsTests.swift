import Testing

@testable import MetricsService
import TestSupport

/// The exact sums behind means and variances: 192-bit squares at the bounds, their stored text, and a variance
/// that keeps its digits where the textbook formula loses them.
@Suite struct MomentSumsTests {
    /// The largest runtime a run can carry, in microseconds (30 days).
    static let maximumRuntime = Int64(FieldBounds.maximumTimeTakenSeconds) * 1_000_000

    @Test func squaresOfIntMaxRunsAtTheBoundsFitAndMergeExactly() throws {
        // 2^63 − 1 runs at the largest runtime, built as 2^k doublings of one square: (2^63 − 1) · max².
        let square = UInt128(Self.maximumRuntime) * UInt128(Self.maximumRuntime)
        var one = SquareSum()
        one.add(square: Self.maximumRuntime)
        #expect(one.int128Value == Int128(square))
        var total = SquareSum()
        var power = one
        var remaining = UInt64(Int64.max)
        while remaining > 0 {
            if remaining & 1 == 1 { total.merge(power) }
            power.merge(power)
            remaining >>= 1
        }
        let expected = square.multipliedFullWidth(by: UInt128(Int64.max))
        #expect(total.high == UInt64(expected.high) && total.low == expected.low)
        #expect(total.int128Value == nil)
        // Stored as decimal text and read back to the same value.
        let stored = total.bsonValue
        guard case .string(let text) = stored else {
            Issue.record("expected decimal text, got \(stored)")
            return
        }
        #expect(SquareSum(bson: stored) == total)
        #expect(text.count == 44)
    }

    @Test func decimalTextRoundTripsAndRefusesJunkAndValuesPastTheBound() {
        var random = SeededGenerator(seed: 0x5EED_0013)
        for _ in 0..<500 {
            let value = SquareSum(high: UInt64.random(in: 0..<SquareSum.maximumHigh, using: &random),
                                  low: UInt128(random.next()) << 64 | UInt128(random.next()))!
            #expect(SquareSum(decimalText: value.decimalText) == value, "\(value.decimalText)")
        }
        #expect(SquareSum(decimalText: "0") == SquareSum())
        #expect(SquareSum(decimalText: "000123")?.int128Value == 123)
        // 2^190 is refused, 2^190 − 1 read.
        let limit = "1569275433846670190958947355801916604025588861116008628224"
        #expect(SquareSum(decimalText: limit) == nil)
        #expect(SquareSum(decimalText: "1569275433846670190958947355801916604025588861116008628223") != nil)
        for junk in ["", "-1", "1e5", " 1", "12a", String(repeating: "9", count: 61)] {
            #expect(SquareSum(decimalText: junk) == nil, "\(junk)")
        }
        #expect(SquareSum(bson: .int64(-1)) == nil)
        #expect(SquareSum(bson: .int64(42))?.int128Value == 42)
        #expect(SquareSum(bson: .bool(true)) == nil)
    }

    @Test func varianceMatchesATwoPassComputationEvenWithATinySpreadAroundAHugeMean() {
        var random = SeededGenerator(seed: 0x0BAD_CAFE)
        for (mean, spread) in [(Int64(1_000_000), Int64(900_000)), (Self.maximumRuntime - 1_000, Int64(1_000)), (5, 5)] {
            let values = (0..<2_000).map { _ in mean + Int64.random(in: -spread...0, using: &random) }
            var sums = MomentSums()
            for value in values { sums.add(value) }
            let exactMean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
            let twoPass = values.reduce(0.0) { $0 + (Double($1) - exactMean) * (Double($1) - exactMean) }
                / Double(values.count - 1)
            let variance = sums.variance ?? -1
            #expect(abs(variance - twoPass) <= twoPass * 1e-9 + 1e-9, "mean \(mean): \(variance) vs \(twoPass)")
            #expect(abs((sums.mean ?? 0) - exactMean) <= exactMean * 1e-12)
        }
        // The textbook formula in doubles is off by orders of magnitude at the second case; this one is not
        // (checked above). Fewer than two values have no variance, and equal values none but zero.
        var one = MomentSums()
        one.add(7)
        #expect(one.variance == nil)
        one.add(7)
        #expect(one.variance == 0)
        // Sums no set of values could have (hand-written): no variance rather than a negative one.
        #expect(MomentSums(count: 2, sum: 10, squares: SquareSum()).variance == nil)
    }

    @Test func mergingInAnyOrderGivesTheSameSums() {
        var random = SeededGenerator(seed: 42)
        let values = (0..<300).map { _ in Int64.random(in: 0...Self.maximumRuntime, using: &random) }
        var whole = MomentSums()
        for value in values { whole.add(value) }
        var parts = [MomentSums](repeating: MomentSums(), count: 7)
        for (index, value) in values.enumerated() { parts[index % 7].add(value) }
        var merged = MomentSums()
        for part in parts.shuffled(using: &random) { merged.merge(part) }
        #expect(merged == whole)
    }
}
