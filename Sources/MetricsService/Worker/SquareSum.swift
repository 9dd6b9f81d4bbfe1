/// An exact sum of squares of bounded non-negative integers (microseconds, micro-dollars), in 192 bits.
///
/// One run's square is below 2^83 (`FieldBounds`: at most 2.6·10^12 µs, 10^12 µ$), so even 2^63 runs sum below
/// 2^146, far inside 192 bits, while `Int128` would overflow after ~2.5·10^13 runs at the bounds. The sum is
/// integer, so it merges exactly in any order and a `--rebuild` reproduces it bit for bit, as the other sums do.
/// Values are `high · 2^128 + low`.
public struct SquareSum: Sendable, Equatable {
    public private(set) var high: UInt64
    public private(set) var low: UInt128

    /// Stored values at or past 2^190 are refused as invalid data (`init?(high:low:)`), so adding two values
    /// read from storage cannot overflow.
    static let maximumHigh: UInt64 = 1 << 62

    public init() {
        high = 0
        low = 0
    }

    /// nil at or past 2^190.
    init?(high: UInt64, low: UInt128) {
        guard high < Self.maximumHigh else { return nil }
        self.high = high
        self.low = low
    }

    /// Adds `value`² for a value within `FieldBounds`.
    public mutating func add(square value: Int64) {
        let magnitude = UInt128(value.magnitude)
        add(high: 0, low: magnitude * magnitude)
    }

    public mutating func merge(_ other: SquareSum) {
        add(high: other.high, low: other.low)
    }

    private mutating func add(high otherHigh: UInt64, low otherLow: UInt128) {
        let (sum, carry) = low.addingReportingOverflow(otherLow)
        low = sum
        high = high + otherHigh + (carry ? 1 : 0)
    }

    /// `self − product`, where `product < 2^192`; nil when the result would be negative.
    func subtracting(_ product: (high: UInt128, low: UInt128)) -> SquareSum? {
        guard product.high <= UInt128(UInt64.max) else { return nil }
        let (difference, borrow) = low.subtractingReportingOverflow(product.low)
        let (highDifference, under) = high.subtractingReportingOverflow(UInt64(product.high))
        let (result, underAgain) = highDifference.subtractingReportingOverflow(borrow ? 1 : 0)
        guard !under, !underAgain else { return nil }
        var value = SquareSum()
        value.high = result
        value.low = difference
        return value
    }

    /// The nearest `Double` (up to one rounding per limb).
    public var doubleValue: Double {
        Double(high) * 0x1p128 + Double(low)
    }

    /// The value as an `Int128` when it fits.
    var int128Value: Int128? {
        high == 0 ? Int128(exactly: low) : nil
    }
}

extension SquareSum {
    /// Decimal digits, as stored past `Int64` (see `BSONValue.wideInteger`).
    var decimalText: String {
        var chunks: [UInt64] = []
        var rest = self
        let base: UInt64 = 10_000_000_000_000_000_000
        repeat {
            let (quotient, remainder) = rest.divided(by: base)
            chunks.append(remainder)
            rest = quotient
        } while rest != SquareSum()
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }

    /// Parses decimal digits; nil for anything else or a value at or past 2^190.
    init?(decimalText text: some StringProtocol) {
        guard !text.isEmpty, text.utf8.count <= 60 else { return nil }
        var high: UInt128 = 0
        var low: UInt128 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let product = low.multipliedFullWidth(by: 10)
            let (sum, carry) = product.low.addingReportingOverflow(UInt128(byte - UInt8(ascii: "0")))
            low = sum
            high = high * 10 + product.high + (carry ? 1 : 0)
            guard high < UInt128(Self.maximumHigh) else { return nil }
        }
        self.init(high: UInt64(high), low: low)
    }

    private func divided(by divisor: UInt64) -> (SquareSum, UInt64) {
        let (highQuotient, highRemainder) = high.quotientAndRemainder(dividingBy: divisor)
        let (lowQuotient, remainder) = UInt128(divisor).dividingFullWidth((high: UInt128(highRemainder), low: low))
        var quotient = SquareSum()
        quotient.high = highQuotient
        quotient.low = lowQuotient
        return (quotient, UInt64(remainder))
    }
}
