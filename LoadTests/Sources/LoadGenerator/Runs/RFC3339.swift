import Glibc

/// The current wall-clock time as RFC 3339 UTC (`2026-05-01T12:00:00Z`), without Foundation.
public enum RFC3339 {
    /// `seconds` since the epoch, formatted.
    public static func format(epochSeconds seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Now, formatted.
    public static func now() -> String {
        format(epochSeconds: Int(time(nil)))
    }
}
