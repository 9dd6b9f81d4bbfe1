/// Count, sum and sum of squares of integer values (microseconds or micro-dollars): what a mean and a variance
/// (Welch's test) need, mergeable exactly like every aggregate sum.
public struct MomentSums: Sendable, Equatable {
    public var count: Int128 = 0
    public var sum: Int128 = 0
    public var squares = SquareSum()

    public init() {}

    public init(count: Int128, sum: Int128, squares: SquareSum) {
        self.count = count
        self.sum = sum
        self.squares = squares
    }

    /// Adds one value within `FieldBounds`.
    public mutating func add(_ value: Int64) {
        count += 1
        sum += Int128(value)
        squares.add(square: value)
    }

    public mutating func merge(_ other: MomentSums) {
        count += other.count
        sum += other.sum
        squares.merge(other.squares)
    }

    /// The mean in the values' unit; nil without values.
    public var mean: Double? {
        count > 0 ? Double(sum) / Double(count) : nil
    }

    /// The sample variance (n − 1 denominator) in the values' unit squared; nil below two values or for sums no
    /// set of non-negative values could have (hand-written documents).
    ///
    /// `Σx² − (Σx)²/n` in floating point loses every digit when the spread is small next to the mean, so the
    /// deviations are taken from the integer part `q` of the mean exactly: with `Σx = q·n + r`,
    /// `Σ(x − q)² = Σx² − q·(Σx + r)` in 192-bit integers, and `Σ(x − mean)² = Σ(x − q)² − r²/n`,
    /// where `r²/n < n` is the only term rounded before the subtraction.
    public var variance: Double? {
        guard count > 1, sum >= 0 else { return nil }
        let n = UInt128(count)
        let (quotient, remainder) = UInt128(sum).quotientAndRemainder(dividingBy: n)
        let (total, overflow) = UInt128(sum).addingReportingOverflow(remainder)
        guard !overflow, let deviations = squares.subtracting(quotient.multipliedFullWidth(by: total)) else {
            return nil
        }
        let r = Double(remainder)
        let squaredDeviations = deviations.doubleValue - r * r / Double(n)
        return max(0, squaredDeviations) / Double(n - 1)
    }
}
