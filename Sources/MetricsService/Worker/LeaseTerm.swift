/// This worker's hold on the lease as it knows it: the epoch it took the lease under, and when it last
/// sent a renewal that succeeded.
///
/// Pure, so the timing rule is tested with plain numbers. The lease lasts `durationMs` from the moment a
/// renewal was sent (the server sets the expiry from the time in the request), so measuring from the
/// sending side is conservative. Writes stop at half the lease: the other half is the margin for a
/// write already in flight and for clock drift between workers.
struct LeaseTerm: Sendable, Equatable {
    let epoch: Int64
    var renewedAtMs: Int64

    /// After this instant a write must not start until the lease has been renewed again.
    func writeDeadlineMs(durationMs: Int64) -> Int64 {
        renewedAtMs + durationMs / 2
    }

    /// Whether a write may start at `nowMs` without renewing first.
    func allowsWrite(nowMs: Int64, durationMs: Int64) -> Bool {
        nowMs < writeDeadlineMs(durationMs: durationMs)
    }
}
