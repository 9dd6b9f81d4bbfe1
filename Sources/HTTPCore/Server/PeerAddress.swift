import Glibc

/// A client's IP address as a 128-bit key; IPv4 addresses (and IPv4-mapped IPv6 ones) become
/// `::ffff:a.b.c.d`, so a client counts once whichever family its socket uses.
struct PeerAddress: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    /// The IPv4 address `a.b.c.d` given in host byte order.
    init(ipv4 address: UInt32) {
        high = 0
        low = 0xffff_0000_0000 | UInt64(address)
    }

    /// The IPv6 address given as its 16 bytes in network order.
    init<Bytes: Collection<UInt8>>(ipv6 bytes: Bytes) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.prefix(16).enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.high = high
        self.low = low
    }

    /// The peer of an accepted socket, or `nil` for a family that has no IP address.
    init?(_ storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            self.init(ipv4: UInt32(bigEndian: address.sin_addr.s_addr))
        case AF_INET6:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            self = withUnsafeBytes(of: address.sin6_addr) { PeerAddress(ipv6: $0) }
        default:
            return nil
        }
    }
}

extension PeerAddress {
    /// The address as text: dotted quad for IPv4 (and IPv4-mapped IPv6), else eight hexadecimal groups.
    var text: String {
        if high == 0 && low >> 32 == 0xffff {
            let v4 = UInt32(truncatingIfNeeded: low)
            return "\(v4 >> 24).\(v4 >> 16 & 0xff).\(v4 >> 8 & 0xff).\(v4 & 0xff)"
        }
        var groups: [String] = []
        for word in [high, low] {
            for shift in stride(from: 48, through: 0, by: -16) {
                groups.append(String(word >> UInt64(shift) & 0xffff, radix: 16))
            }
        }
        return groups.joined(separator: ":")
    }
}
