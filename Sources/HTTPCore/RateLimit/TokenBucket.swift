/// A token bucket: up to `burst` requests at once, refilled at `ratePerSecond`. Pure; time is
/// passed in as monotonic nanoseconds, so tests drive it with a hand-moved clock.
///
/// Tokens are kept in fixed point (nanosecond-tokens: one token is `10^9` units) so refilling is
/// exact integer arithmetic and never drifts.
public struct TokenBucket: Sendable, Equatable {
    /// The limit a bucket enforces.
    public struct Limit: Sendable, Equatable {
        /// Sustained requests per second (at least 1).
        public var ratePerSecond: UInt64
        /// Requests allowed at once after a quiet spell (at least 1).
        public var burst: UInt64

        public init(ratePerSecond: UInt64, burst: UInt64) {
            self.ratePerSecond = max(1, ratePerSecond)
            self.burst = max(1, burst)
        }
    }

    private static let unit: UInt64 = 1_000_000_000

    public let limit: Limit
    /// Tokens × 10^9.
    private var units: UInt64
    private var updatedNs: UInt64

    /// A full bucket at `nowNs`.
    public init(limit: Limit, nowNs: UInt64) {
        self.limit = limit
        self.units = Self.capacity(limit)
        self.updatedNs = nowNs
    }

    private static func capacity(_ limit: Limit) -> UInt64 {
        limit.burst.multipliedReportingOverflow(by: unit).overflow ? .max : limit.burst * unit
    }

    /// Takes one token if there is one; otherwise says how long until there will be.
    public mutating func take(nowNs: UInt64) -> Decision {
        refill(nowNs: nowNs)
        if units >= Self.unit {
            units -= Self.unit
            return .allowed
        }
        // Each nanosecond adds `ratePerSecond` units.
        let missing = Self.unit - units
        let waitNs = (missing + limit.ratePerSecond - 1) / limit.ratePerSecond
        return .limited(retryAfterNs: waitNs)
    }

    /// Whether the bucket is full at `nowNs`: it then holds no state worth keeping.
    public func isFull(nowNs: UInt64) -> Bool {
        var copy = self
        copy.refill(nowNs: nowNs)
        return copy.units == Self.capacity(limit)
    }

    private mutating func refill(nowNs: UInt64) {
        guard nowNs > updatedNs else { return }
        let elapsed = nowNs - updatedNs
        updatedNs = nowNs
        let (added, overflow) = elapsed.multipliedReportingOverflow(by: limit.ratePerSecond)
        let capacity = Self.capacity(limit)
        units = overflow || added >= capacity - units ? capacity : units + added
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        case limited(retryAfterNs: UInt64)
    }
}
