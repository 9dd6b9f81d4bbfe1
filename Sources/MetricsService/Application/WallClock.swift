#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The wall clock in the unit records store (milliseconds since the Unix epoch).
public struct WallClock: Sendable {
    private let now: @Sendable () -> Int64

    /// The system's real-time clock.
    public static let system = WallClock(systemMilliseconds)

    /// Reads the system's real-time clock, for APIs that take the clock as a closure.
    public static let systemMilliseconds: @Sendable () -> Int64 = {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// A clock that reads `now`; tests pass a fixed or stepping one.
    public init(_ now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    public func milliseconds() -> Int64 { now() }
}
