import Glibc

/// A resolved server address, looked up once before the load starts so no DNS happens on the loops.
public struct SocketAddress: @unchecked Sendable {
    // Safety: `sockaddr_storage` is plain bytes; the value is copied, never shared by reference.
    var storage = sockaddr_storage()
    var length: socklen_t = 0

    /// The address family (`AF_INET` or `AF_INET6`).
    var family: Int32 { Int32(storage.ss_family) }

    /// Resolves `host:port` to its first TCP address.
    public init(host: String, port: Int) throws(IOError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let info = list else {
            throw IOError(errnoCode: EINVAL, syscall: "getaddrinfo(\(host))")
        }
        defer { freeaddrinfo(list) }
        length = info.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(
                from: UnsafeRawBufferPointer(start: info.pointee.ai_addr, count: Int(info.pointee.ai_addrlen)))
        }
    }

    /// Calls `connect` on `fd` with this address.
    func connect(_ fd: Int32) -> Int32 {
        var copy = storage
        return withUnsafePointer(to: &copy) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
        }
    }
}

import HTTPCore
