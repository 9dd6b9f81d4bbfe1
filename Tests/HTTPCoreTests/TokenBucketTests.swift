import Testing

@testable import HTTPCore

/// Token buckets and the shared per-key table, driven by a hand-moved nanosecond clock.
struct TokenBucketTests {
    static let second: UInt64 = 1_000_000_000

    @Test func allowsExactlyTheBurstThenRefillsAtTheRate() {
        var bucket = TokenBucket(limit: TokenBucket.Limit(ratePerSecond: 10, burst: 5), nowNs: 0)
        let burst = (0..<8).map { _ in bucket.take(nowNs: 0) }
        #expect(burst.prefix(5).allSatisfy { $0 == .allowed })
        // The sixth needs one token: a tenth of a second at 10/s.
        #expect(burst[5] == .limited(retryAfterNs: Self.second / 10))
        #expect(bucket.take(nowNs: Self.second / 10 - 1) == .limited(retryAfterNs: 1))
        #expect(bucket.take(nowNs: Self.second / 10) == .allowed)
        #expect(bucket.take(nowNs: Self.second / 10) != .allowed)
        // A long quiet spell refills only up to the burst.
        let later = 1_000 * Self.second
        #expect(bucket.isFull(nowNs: later))
        let afterQuiet = (0..<6).map { _ in bucket.take(nowNs: later) }
        #expect(afterQuiet.filter { $0 == .allowed }.count == 5)
    }

    @Test func extremeLimitsAndClocksDoNotTrap() {
        var huge = TokenBucket(limit: TokenBucket.Limit(ratePerSecond: .max, burst: .max), nowNs: 0)
        #expect(huge.take(nowNs: .max) == .allowed)
        var slow = TokenBucket(limit: TokenBucket.Limit(ratePerSecond: 0, burst: 0), nowNs: 5)
        #expect(slow.limit == TokenBucket.Limit(ratePerSecond: 1, burst: 1))
        #expect(slow.take(nowNs: 5) == .allowed)
        #expect(slow.take(nowNs: 4) == .limited(retryAfterNs: Self.second))  // a clock going back adds nothing
    }

    @Test func limiterKeepsABucketPerKeyAndStaysBounded() {
        let limiter = RateLimiter<Int>(limit: TokenBucket.Limit(ratePerSecond: 1, burst: 2), maximumKeys: 4)
        #expect(limiter.take(1, nowNs: 0) == .allowed)
        #expect(limiter.take(1, nowNs: 0) == .allowed)
        #expect(limiter.take(1, nowNs: 0) != .allowed)
        #expect(limiter.take(2, nowNs: 0) == .allowed)  // another key has its own burst
        for key in 3...100 { _ = limiter.take(key, nowNs: 0) }
        #expect(limiter.keyCount <= 4)
        // Buckets that refilled are the first forgotten; a busy one is kept while there is room.
        let fresh = RateLimiter<Int>(limit: TokenBucket.Limit(ratePerSecond: 1, burst: 1), maximumKeys: 2)
        _ = fresh.take(1, nowNs: 0)
        _ = fresh.take(2, nowNs: 5 * Self.second)
        _ = fresh.take(3, nowNs: 5 * Self.second)  // key 1 has refilled and is dropped
        #expect(fresh.keyCount == 2)
        #expect(fresh.take(2, nowNs: 5 * Self.second) != .allowed)
    }
}
