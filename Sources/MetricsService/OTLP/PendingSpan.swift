/// A non-agent span whose agent ancestor has not arrived (yet), kept in `otlp_pending_spans` until it is folded
/// into that agent's run or expires (see `PendingSpanStore`).
struct PendingSpan: Sendable, Equatable {
    var key: SpanKey
    /// Never a root: a root span without an agent above it can never get one, so it is dropped, not kept.
    var parent: UInt64
    var contribution: SpanContribution
}
