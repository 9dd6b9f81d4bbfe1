import TimeFormats

/// How long raw runs are kept: the text of `--retention` and `AGENT_METRICS_RETENTION`.
public enum RetentionPeriod {
    /// Parses whole days (`90d`) or a Go duration (`2160h`, `36h30m`); nil unless it is positive and
    /// at most 100 years (so milliseconds cannot overflow).
    public static func parse(_ text: String) -> Duration? {
        let seconds: Double
        if text.hasSuffix("d"), let days = Int64(text.dropLast()), days > 0, days <= 36_500 {
            seconds = Double(days) * 86_400
        } else if let parsed = try? GoDuration.parse(text) {
            seconds = parsed
        } else {
            return nil
        }
        guard seconds > 0, seconds <= 36_500 * 86_400 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
