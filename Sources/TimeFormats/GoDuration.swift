/// Go's `time.Duration` text syntax (`"5m30s"`, `"1h2m3.5s"`, `"350ms"`, `"1.5us"`).
///
/// Parsing mirrors Go's `time.ParseDuration` step for step: it accumulates unsigned 64-bit
/// nanoseconds with the same overflow checks and the same float64 scaling of fractions, so
/// every input Go accepts gives the same nanosecond count here and every input Go rejects for
/// overflow is rejected here too. (One deliberate difference: Go's final sum can wrap past
/// 2^64 for inputs such as `"-9223372036854775808ns9223372036854775808ns"`; we reject those.)
public enum GoDuration {
    /// The largest and smallest durations Go can represent, in nanoseconds.
    public static let maxNanoseconds = Int64.max
    public static let minNanoseconds = Int64.min

    /// Parses a Go duration and returns it in seconds.
    public static func parse(_ text: String) throws(GoDurationError) -> Double {
        Double(try parseNanoseconds(text)) / 1e9
    }

    /// Parses a Go duration and returns Go's exact value in nanoseconds.
    public static func parseNanoseconds(_ text: String) throws(GoDurationError) -> Int64 {
        var copy = text
        switch copy.withUTF8({ nanoseconds(utf8: $0) }) {
        case .success(let value): return value
        case .failure(.invalid): throw .invalid(text)
        case .failure(.missingUnit): throw .missingUnit(text)
        case .failure(.unknownUnit(let unit)):
            throw .unknownUnit(unit: String(decoding: Array(text.utf8)[unit], as: UTF8.self), in: text)
        }
    }

    /// Why UTF-8 text is not a duration, without the text (see `GoDurationError`).
    public enum Failure: Error, Sendable, Equatable {
        /// Malformed input or a value beyond Go's range.
        case invalid
        /// A number with no unit after it.
        case missingUnit
        /// A unit Go does not know, at these byte offsets of the input.
        case unknownUnit(Range<Int>)
    }

    /// `parseNanoseconds` on UTF-8 bytes, allocating nothing (ingest reads `time_taken` from request bytes).
    public static func nanoseconds(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Result<Int64, Failure> {
        let invalid = Failure.invalid
        var index = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        // Go's special case: a lone "0" (after the sign) needs no unit.
        if bytes.count - index == 1 && bytes[index] == UInt8(ascii: "0") { return .success(0) }
        if index == bytes.count { return .failure(invalid) }

        var total: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: ".") || isDigit(byte) else { return .failure(invalid) }

            let integerStart = index
            guard let whole = leadingInt(bytes, &index) else { return .failure(invalid) }
            let hasIntegerDigits = index != integerStart

            var fraction: UInt64 = 0
            var scale: Double = 1
            var hasFractionDigits = false
            if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                (fraction, scale) = leadingFraction(bytes, &index)
                hasFractionDigits = index != fractionStart
            }
            // Digits are required on at least one side of the point: ".s" and "-.s" are invalid.
            guard hasIntegerDigits || hasFractionDigits else { return .failure(invalid) }

            let unitStart = index
            while index < bytes.count && bytes[index] != UInt8(ascii: ".") && !isDigit(bytes[index]) {
                index += 1
            }
            guard index > unitStart else { return .failure(.missingUnit) }
            guard let unit = nanosecondsPerUnit(UnsafeBufferPointer(rebasing: bytes[unitStart..<index])) else {
                return .failure(.unknownUnit(unitStart..<index))
            }

            let limit: UInt64 = 1 << 63
            guard whole <= limit / unit else { return .failure(invalid) }
            var value = whole * unit
            if fraction > 0 {
                // Go uses float64 so fractions of an hour stay nanosecond-accurate; the product is
                // at most 3.6e12, so the conversion cannot trap.
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                guard value <= limit else { return .failure(invalid) }
            }
            let (sum, overflow) = total.addingReportingOverflow(value)
            guard !overflow, sum <= limit else { return .failure(invalid) }
            total = sum
        }
        if negative {
            return .success(total == 1 << 63 ? Int64.min : -Int64(total))
        }
        guard total <= UInt64(Int64.max) else { return .failure(invalid) }
        return .success(Int64(total))
    }

    /// Formats seconds the way Go's `Duration.String` does (`"5m30s"`, `"350ms"`, `"1.5µs"`, `"0s"`),
    /// after rounding to whole nanoseconds and clamping to Go's range; NaN formats as `"0s"`.
    public static func format(seconds: Double) -> String {
        format(nanoseconds: nanoseconds(fromSeconds: seconds))
    }

    /// Seconds rounded to whole nanoseconds, clamped to Go's int64 range; NaN becomes 0.
    public static func nanoseconds(fromSeconds seconds: Double) -> Int64 {
        guard !seconds.isNaN else { return 0 }
        let scaled = (seconds * 1e9).rounded()
        // 2^63 is exactly representable; anything at or past it is out of range.
        if scaled >= 9_223_372_036_854_775_808.0 { return Int64.max }
        if scaled <= -9_223_372_036_854_775_808.0 { return Int64.min }
        return Int64(scaled)
    }

    /// Formats nanoseconds exactly as Go's `Duration.String`.
    public static func format(nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        // Written backwards from the end of a buffer on the stack, as Go writes into its [32]byte (the longest
        // text, "-2562047h47m16.854775808s", takes 25 bytes): a growing array was an allocation per run written
        // by OTLP ingest, and most texts fit a small `String`, which allocates nothing.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { storage in
            var text = BackwardText(storage)
            var magnitude = nanoseconds.magnitude
            if magnitude < 1_000_000_000 {
                // Below a second Go switches to the largest unit that keeps the value >= 1.
                let precision: Int
                if magnitude < 1_000 {
                    precision = 0
                    text.prepend("ns")
                } else if magnitude < 1_000_000 {
                    precision = 3
                    text.prepend("µs")
                } else {
                    precision = 6
                    text.prepend("ms")
                }
                magnitude = text.prependFraction(magnitude, precision: precision)
                text.prependInteger(magnitude)
            } else {
                text.prepend("s")
                magnitude = text.prependFraction(magnitude, precision: 9)
                text.prependInteger(magnitude % 60)
                magnitude /= 60
                if magnitude > 0 {
                    text.prepend("m")
                    text.prependInteger(magnitude % 60)
                    magnitude /= 60
                    if magnitude > 0 {
                        text.prepend("h")
                        text.prependInteger(magnitude)
                    }
                }
            }
            if nanoseconds < 0 { text.prepend("-") }
            return text.string
        }
    }

    // MARK: - Go's helpers

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Go's `leadingInt`: consumes `[0-9]*`; nil when the value passes 2^63.
    private static func leadingInt(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> UInt64? {
        var value: UInt64 = 0
        while index < bytes.count, isDigit(bytes[index]) {
            guard value <= (1 << 63) / 10 else { return nil }
            value = value * 10 + UInt64(bytes[index] - UInt8(ascii: "0"))
            guard value <= 1 << 63 else { return nil }
            index += 1
        }
        return value
    }

    /// Go's `leadingFraction`: consumes `[0-9]*`, silently dropping digits once precision runs out.
    private static func leadingFraction(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> (UInt64, Double) {
        var value: UInt64 = 0
        var scale: Double = 1
        var overflow = false
        while index < bytes.count, isDigit(bytes[index]) {
            defer { index += 1 }
            if overflow { continue }
            if value > (UInt64.max >> 1) / 10 {
                overflow = true
                continue
            }
            let next = value * 10 + UInt64(bytes[index] - UInt8(ascii: "0"))
            if next > 1 << 63 {
                overflow = true
                continue
            }
            value = next
            scale *= 10
        }
        return (value, scale)
    }

    private static func nanosecondsPerUnit(_ unit: UnsafeBufferPointer<UInt8>) -> UInt64? {
        func named(_ name: StaticString) -> Bool {
            unit.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        }
        if named("ns") { return 1 }
        if named("us") || named("\u{00B5}s") || named("\u{03BC}s") { return 1_000 }
        if named("ms") { return 1_000_000 }
        if named("s") { return 1_000_000_000 }
        if named("m") { return 60_000_000_000 }
        if named("h") { return 3_600_000_000_000 }
        return nil
    }

    /// Go's `fmtFrac`, writing backwards: the fraction of `value / 10^precision` without trailing
    /// zeros, and no point at all when the fraction is zero. Returns the integer part.
}

/// Text written from the end of a buffer towards its start (Go's `Duration.String` builds its text that way).
private struct BackwardText {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    /// The text is `storage[start...]`.
    private var start: Int

    init(_ storage: UnsafeMutableBufferPointer<UInt8>) {
        self.storage = storage
        start = storage.count
    }

    var string: String { String(decoding: UnsafeBufferPointer(rebasing: storage[start...]), as: UTF8.self) }

    mutating func prepend(_ text: StaticString) {
        for index in (0..<text.utf8CodeUnitCount).reversed() { prepend(byte: text.utf8Start[index]) }
    }

    /// Go's `fmtFrac`: the `precision` low digits of `value` as a fraction without trailing zeros (nothing when
    /// they are all zero); returns what is left above them.
    mutating func prependFraction(_ value: UInt64, precision: Int) -> UInt64 {
        var value = value
        var printing = false
        for _ in 0..<precision {
            let digit = value % 10
            printing = printing || digit != 0
            if printing { prepend(byte: UInt8(ascii: "0") + UInt8(digit)) }
            value /= 10
        }
        if printing { prepend(byte: UInt8(ascii: ".")) }
        return value
    }

    /// Go's `fmtInt`: the decimal digits of `value`.
    mutating func prependInteger(_ value: UInt64) {
        var value = value
        repeat {
            prepend(byte: UInt8(ascii: "0") + UInt8(value % 10))
            value /= 10
        } while value > 0
    }

    private mutating func prepend(byte: UInt8) {
        start -= 1
        storage[start] = byte
    }
}
