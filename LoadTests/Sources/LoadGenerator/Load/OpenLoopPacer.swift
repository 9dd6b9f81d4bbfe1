/// The schedule of an open-loop run: request `k` is *intended* to leave at `start + k / rate`, whether or not
/// the server has kept up.
///
/// Latency is measured from that intended time, so a stalled server is charged for every request that should
/// have gone out during the stall (no coordinated omission, as in wrk2). A pure value: callers pass the clock.
public struct OpenLoopPacer: Sendable {
    /// Monotonic nanoseconds of request 0's intended send time.
    public let start: UInt64
    /// Requests per second.
    public let rate: Double
    /// How many requests have been handed out.
    public private(set) var sent: UInt64 = 0

    /// A schedule of `rate` requests per second from `start`.
    public init(start: UInt64, rate: Double) {
        precondition(rate > 0, "rate must be positive")
        self.start = start
        self.rate = rate
    }

    /// The intended send time of request `index`. Computed from the index, not accumulated, so no rounding
    /// drift builds up over a long run.
    @inline(__always)
    public func intendedTime(of index: UInt64) -> UInt64 {
        start &+ UInt64((Double(index) * 1e9 / rate).rounded())
    }

    /// The intended time of the next request if it is due at `now`, and takes it; `nil` when not yet due.
    @inline(__always)
    public mutating func takeDue(now: UInt64) -> UInt64? {
        let intended = intendedTime(of: sent)
        guard intended <= now else { return nil }
        sent += 1
        return intended
    }

    /// When the next request becomes due.
    public var nextDueTime: UInt64 { intendedTime(of: sent) }

    /// Requests due by `now` that have not been taken (the backlog a slow server causes).
    public func backlog(now: UInt64) -> UInt64 {
        guard now >= start else { return 0 }
        let due = UInt64(Double(now - start) * rate / 1e9) + 1
        return due > sent ? due - sent : 0
    }
}
