#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Number formatting for the stats cards, without Foundation (it runs on the read path).
public enum DashboardFormat {
    /// `1234567` → `"1,234,567"`; negatives keep their sign.
    public static func grouped(_ value: some BinaryInteger) -> String {
        let digits = String(value.magnitude)
        var result = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }

    /// `value` with exactly `decimals` fraction digits and grouped thousands: `1234.5` → `"1,234.50"`.
    /// Rounds half away from zero; a result of zero never carries a minus sign. Any finite value
    /// prints in full (sums of stored costs can exceed `Int64`); NaN and infinities print as `"0"`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        let scaled = (abs(value) * scale).rounded()
        guard let units = UInt128(exactly: scaled) else {
            return scaled.isFinite ? (value < 0 ? "-" : "") + String(abs(value)) : "0"
        }
        let factor = UInt128(scale)
        var text = (value < 0 && units != 0 ? "-" : "") + grouped(units / factor)
        if decimals > 0 {
            let fraction = String(units % factor)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }

    /// A signed integer: `"+5"`, `"-2"`, `"0"`.
    public static func signed(_ value: some BinaryInteger) -> String {
        value > 0 ? "+" + grouped(value) : grouped(value)
    }

    /// A signed fixed-point number: `"+0.5"`, `"-0.5"`, `"0.0"`.
    public static func signed(_ value: Double, decimals: Int) -> String {
        let text = fixed(value, decimals: decimals)
        return value > 0 && text.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) ? "+" + text : text
    }

    /// `value` rounded to `decimals` places, for JSON numbers.
    public static func rounded(_ value: Double, decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        return (value * scale).rounded() / scale
    }
}
