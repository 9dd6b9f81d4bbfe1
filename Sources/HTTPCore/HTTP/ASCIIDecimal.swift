/// Writes non-negative integers as ASCII digits straight into a byte buffer, avoiding the `String`
/// that interpolation would allocate on every response.
enum ASCIIDecimal {
    /// Appends `value` (clamped at 0) in decimal.
    static func append(_ value: Int, to buffer: inout [UInt8]) {
        let value = max(value, 0)
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        while divisor > 0 {
            buffer.append(UInt8(truncatingIfNeeded: value / divisor % 10) &+ UInt8(ascii: "0"))
            divisor /= 10
        }
    }

    /// Appends `value` (0...99) as exactly two digits, zero-padded.
    static func appendTwoDigits(_ value: Int, to buffer: inout [UInt8]) {
        buffer.append(UInt8(truncatingIfNeeded: value / 10 % 10) &+ UInt8(ascii: "0"))
        buffer.append(UInt8(truncatingIfNeeded: value % 10) &+ UInt8(ascii: "0"))
    }
}
