import Foundation
import Glibc
import Testing

@testable import HTTPCore

/// The per-address connection table, without sockets.
@Suite struct ConnectionsPerAddressTests {
    private let first = PeerAddress(ipv4: 0x7f00_0001)
    private let second = PeerAddress(ipv4: 0x7f00_0002)

    @Test func refusesOverTheLimitUntilOneIsReleased() {
        let table = ConnectionsPerAddress(limit: 3)
        #expect((0..<3).allSatisfy { _ in table.acquire(first) })
        #expect(!table.acquire(first))
        #expect(table.count(first) == 3)
        #expect(table.acquire(second))
        table.release(first)
        #expect(table.acquire(first))
        #expect(!table.acquire(first))
    }

    @Test func forgetsAddressesWithNoOpenConnections() {
        let table = ConnectionsPerAddress(limit: 2)
        _ = table.acquire(first)
        _ = table.acquire(second)
        table.release(first)
        table.release(second)
        table.release(second)  // an extra release must not go negative or resurrect the entry
        #expect(table.addressCount == 0)
        #expect(table.count(second) == 0)
    }

    /// Loops accept and close on different threads; the count stays exact and never passes the limit.
    @Test func staysExactUnderConcurrentAcceptAndClose() {
        let table = ConnectionsPerAddress(limit: 8)
        let overLimit = LockedValue(false)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 {
                if table.acquire(first) {
                    if table.count(first) > 8 { overLimit.withLock { $0 = true } }
                    table.release(first)
                }
            }
        }
        #expect(!overLimit.withLock { $0 })
        #expect(table.count(first) == 0)
        #expect(table.addressCount == 0)
    }

    @Test func ipv4AndItsMappedIPv6FormAreOneAddress() {
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_addr.s_addr = inet_addr("192.0.2.1")
        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        _ = inet_pton(AF_INET6, "::ffff:192.0.2.1", &v6.sin6_addr)
        var other = sockaddr_in6()
        other.sin6_family = sa_family_t(AF_INET6)
        _ = inet_pton(AF_INET6, "2001:db8::1", &other.sin6_addr)
        let fromV4 = PeerAddress(storage(v4))
        #expect(fromV4 != nil)
        #expect(fromV4 == PeerAddress(storage(v6)))
        #expect(PeerAddress(storage(other)) != fromV4)
        #expect(PeerAddress(storage(other)) != nil)
        #expect(PeerAddress(sockaddr_storage()) == nil)
    }

    private func storage<Address>(_ address: Address) -> sockaddr_storage {
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { destination in
            withUnsafeBytes(of: address) { destination.copyMemory(from: $0) }
        }
        return storage
    }
}
