/// Go's duration syntax (`time.ParseDuration` / `Duration.String`): `30s`, `500ms`, `1h2m3.5s`, `1.5us`.
///
/// Used both for the command's `--duration`/`--warmup` flags and for the `time_taken` field of generated
/// runs, which the server parses with Go's exact rules.
public enum GoDuration {
    /// Why a string is not a Go duration.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var input: String
        public var description: String { "invalid duration \"\(input)\" (expected Go syntax such as 30s, 500ms, 1m30s)" }
    }

    private static let units: [(String, Double)] = [
        ("ns", 1), ("us", 1e3), ("\u{00B5}s", 1e3), ("\u{03BC}s", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9),
        ("h", 3600e9),
    ]

    /// Parses `text` into nanoseconds. A sign is accepted as Go does; a bare `0` is zero.
    public static func nanoseconds(_ text: String) throws(ParseError) -> Int64 {
        var rest = Substring(text)
        var negative = false
        if let first = rest.first, first == "-" || first == "+" {
            negative = first == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { throw ParseError(input: text) }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            // Go accepts "1." and ".5" but not "." alone.
            guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1,
                let value = Double(number.hasPrefix(".") ? "0" + number : number.hasSuffix(".") ? number + "0" : number)
            else { throw ParseError(input: text) }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = units.first(where: { $0.0 == unitText }) else { throw ParseError(input: text) }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.1
        }
        guard total <= Double(Int64.max) else { throw ParseError(input: text) }
        let nanos = Int64(total.rounded())
        return negative ? -nanos : nanos
    }

    /// Parses `text` into a `Duration`.
    public static func parse(_ text: String) throws(ParseError) -> Duration {
        .nanoseconds(try nanoseconds(text))
    }

    /// Formats like Go's `Duration.String()`: `1h2m3.5s`, `350ms`, `1.5µs`, `0s`.
    public static func format(nanoseconds value: Int64) -> String {
        if value == 0 { return "0s" }
        var result = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        if magnitude < 1_000_000_000 {
            let (divisor, unit): (UInt64, String) =
                magnitude < 1_000 ? (1, "ns") : magnitude < 1_000_000 ? (1_000, "\u{00B5}s") : (1_000_000, "ms")
            result += decimal(magnitude, divisor: divisor) + unit
            return result
        }
        let hours = magnitude / 3_600_000_000_000
        let minutes = magnitude / 60_000_000_000 % 60
        let seconds = magnitude % 60_000_000_000
        if hours > 0 { result += "\(hours)h" }
        if hours > 0 || minutes > 0 { result += "\(minutes)m" }
        result += decimal(seconds, divisor: 1_000_000_000) + "s"
        return result
    }

    /// `value / divisor` with the fraction's trailing zeros removed, as Go prints it.
    private static func decimal(_ value: UInt64, divisor: UInt64) -> String {
        let whole = value / divisor
        var fraction = value % divisor
        guard fraction > 0 else { return "\(whole)" }
        var digits = 0
        var scale = divisor
        while scale > 1 {
            scale /= 10
            digits += 1
        }
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return "\(whole)." + String(repeating: "0", count: digits - text.count) + text
    }
}
