import HTTPCore
import Logging

/// Deletes expired pending spans on a loop timer and counts them as dropped (`reason="expired"`). Every server
/// sweeps; a document is deleted once, so the servers' counters add up to the spans dropped.
final class PendingSpanSweeper: Sendable {
    private let store: PendingSpanStore
    private let clock: WallClock
    private let metrics: OTLPMetrics
    private let logger: Logger
    private let interval: Duration
    private let stopped = LockedValue(false)

    /// Sweeps every half expiry, between 0.5 and 30 seconds, so a span is counted at most that long after it
    /// expired.
    init(store: PendingSpanStore, clock: WallClock, metrics: OTLPMetrics, expiryMs: Int64, logger: Logger) {
        self.store = store
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        interval = .milliseconds(min(30_000, max(500, expiryMs / 2)))
    }

    func start(on loop: EventLoop) {
        loop.execute { [self] in
            _ = loop.schedule(after: interval) { [self] in sweep(on: loop) }
        }
    }

    func stop() {
        stopped.withLock { $0 = true }
    }

    private func sweep(on loop: EventLoop) {
        guard !stopped.withLock({ $0 }) else { return }
        Task(executorPreference: loop) { [self] in
            do {
                let dropped = try await store.deleteExpired(nowMs: clock.milliseconds())
                metrics.expired.increment(by: dropped)
            } catch {
                logger.debug("pending span sweep failed; retrying", metadata: ["storage.error": "\(error)"])
            }
            start(on: loop)
        }
    }
}
