/// Open connections per client address over all loops, so one client cannot hold every socket.
///
/// One lock-protected table shared by the loops, rather than a count per loop: with `SO_REUSEPORT` the kernel
/// spreads one client's connections over the loops' listeners by a hash of the whole 4-tuple (source port
/// included), and in single-acceptor mode a connection is accepted on one loop and closed on another, so no
/// loop alone sees a client's total. A socket is counted from `acquire` (at accept, before it is served)
/// until `release` (when it is closed), both under the lock, so the count is exact. The lock is taken once
/// per accept and once per close, never per request, and the table holds only addresses with open
/// connections.
final class ConnectionsPerAddress: Sendable {
    /// The most connections one address may hold open.
    let limit: Int
    private let counts = LockedValue([PeerAddress: Int]())

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a new connection from `address`; `false` (and nothing counted) when it already holds `limit`.
    func acquire(_ address: PeerAddress) -> Bool {
        counts.withLock { counts in
            let current = counts[address, default: 0]
            guard current < limit else { return false }
            counts[address] = current + 1
            return true
        }
    }

    /// Forgets a closed connection from `address`.
    func release(_ address: PeerAddress) {
        counts.withLock { counts in
            guard let current = counts[address] else { return }
            if current <= 1 { counts[address] = nil } else { counts[address] = current - 1 }
        }
    }

    /// The open connections counted for `address`.
    func count(_ address: PeerAddress) -> Int {
        counts.withLock { $0[address, default: 0] }
    }

    /// How many addresses hold open connections.
    var addressCount: Int {
        counts.withLock { $0.count }
    }
}
