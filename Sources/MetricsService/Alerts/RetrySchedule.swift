/// Exponential backoff for failed webhook deliveries: `initialDelayMs` after the first failure, doubling up to
/// `maximumDelayMs`, abandoned after `maximumAttempts` attempts (logged as an error).
public struct RetrySchedule: Sendable, Equatable {
    public var initialDelayMs: Int64 = 1_000
    public var maximumDelayMs: Int64 = 600_000
    /// With the defaults, about 2.8 hours of retries: 1 s, 2 s, ... 512 s, then every 10 minutes.
    public var maximumAttempts = 20

    public init() {}

    /// The wait after `failures` failed attempts (1 or more); nil once the event is to be abandoned.
    public func delayMs(afterFailures failures: Int) -> Int64? {
        guard failures < maximumAttempts else { return nil }
        let doublings = min(max(failures - 1, 0), 30)
        return min(initialDelayMs << Int64(doublings), maximumDelayMs)
    }
}
