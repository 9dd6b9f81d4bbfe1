#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The IMF-fixdate `Date` header value (`Tue, 24 Nov 2026 18:29:06 GMT`), formatted at most once per second.
///
/// Not `Sendable`: each event loop owns one, so the cache needs no lock.
public final class HTTPDateCache {
    private let now: () -> Int
    private var cachedSecond = Int.min
    private var cachedBytes: [UInt8] = []

    /// Creates a cache reading the wall clock (`CLOCK_REALTIME`).
    public convenience init() {
        self.init(now: {
            var time = timespec()
            clock_gettime(CLOCK_REALTIME, &time)
            return Int(time.tv_sec)
        })
    }

    /// Creates a cache reading seconds since the Unix epoch from `now`; tests pass a fake clock.
    init(now: @escaping () -> Int) {
        self.now = now
    }

    /// The formatted date for the current second, reformatted only when the second has changed.
    public func current() -> [UInt8] {
        let second = now()
        if second != cachedSecond {
            cachedSecond = second
            cachedBytes = Self.imfFixdate(epochSeconds: second)
        }
        return cachedBytes
    }

    private static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// Formats `epochSeconds` as IMF-fixdate (RFC 9110 §5.6.7): `EEE, dd MMM yyyy HH:mm:ss 'GMT'`.
    static func imfFixdate(epochSeconds: Int) -> [UInt8] {
        var time = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29)
        bytes.append(contentsOf: dayNames[Int(parts.tm_wday)].utf8)
        bytes.append(contentsOf: ", ".utf8)
        ASCIIDecimal.appendTwoDigits(Int(parts.tm_mday), to: &bytes)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: monthNames[Int(parts.tm_mon)].utf8)
        bytes.append(UInt8(ascii: " "))
        ASCIIDecimal.append(Int(parts.tm_year) + 1900, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        ASCIIDecimal.appendTwoDigits(Int(parts.tm_hour), to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        ASCIIDecimal.appendTwoDigits(Int(parts.tm_min), to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        ASCIIDecimal.appendTwoDigits(Int(parts.tm_sec), to: &bytes)
        bytes.append(contentsOf: " GMT".utf8)
        return bytes
    }
}

/// Each event loop owns its own cache; sharing one across threads would race on the cached bytes.
@available(*, unavailable)
extension HTTPDateCache: Sendable {}
