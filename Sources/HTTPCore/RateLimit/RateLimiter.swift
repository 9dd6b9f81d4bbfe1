/// Token buckets per client key (an address, an API key's name), shared by every loop.
///
/// One lock around one table: requests from one client reach every loop, so only a shared table
/// limits the client as a whole. The table is bounded: past `maximumKeys` it forgets every
/// bucket that has refilled completely (those hold no state), then, if it is still too full, all
/// of them, which at worst grants some clients a fresh burst; it never grows without bound under
/// a flood of distinct addresses.
public final class RateLimiter<Key: Hashable & Sendable>: Sendable {
    public let limit: TokenBucket.Limit
    public let maximumKeys: Int
    private let buckets = LockedValue([Key: TokenBucket]())

    public init(limit: TokenBucket.Limit, maximumKeys: Int = 65_536) {
        self.limit = limit
        self.maximumKeys = max(1, maximumKeys)
    }

    /// Takes one token from `key`'s bucket.
    public func take(_ key: Key, nowNs: UInt64) -> TokenBucket.Decision {
        buckets.withLock { buckets in
            if let index = buckets.index(forKey: key) {
                return buckets.values[index].take(nowNs: nowNs)
            }
            if buckets.count >= maximumKeys {
                buckets = buckets.filter { !$0.value.isFull(nowNs: nowNs) }
                if buckets.count >= maximumKeys { buckets.removeAll(keepingCapacity: true) }
            }
            var bucket = TokenBucket(limit: limit, nowNs: nowNs)
            let decision = bucket.take(nowNs: nowNs)
            buckets[key] = bucket
            return decision
        }
    }

    /// Buckets held now.
    public var keyCount: Int { buckets.withLock { $0.count } }
}
