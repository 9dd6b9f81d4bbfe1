import CEpoll
import Glibc

/// Creating, binding and inspecting the server's listening sockets.
enum ListeningSocket {
    /// Opens a non-blocking listener on `host:port` (port 0 picks one), with `SO_REUSEPORT` when asked.
    static func open(host: String, port: Int, reusePort: Bool) throws(IOError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let info = list else {
            throw IOError(errnoCode: EINVAL, syscall: "getaddrinfo(\(host))")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(
            info.pointee.ai_family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        try Syscall.check("socket", fd)
        do throws(IOError) {
            var one: Int32 = 1
            let size = socklen_t(MemoryLayout<Int32>.size)
            try Syscall.check("setsockopt", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, size))
            if reusePort {
                try Syscall.check("setsockopt", setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, size))
            }
            try Syscall.check("bind", bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen))
            try Syscall.check("listen", listen(fd, 4096))
        } catch {
            Syscall.close(fd)
            throw error
        }
        return fd
    }

    /// The port `fd` is bound to.
    static func localPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let family = storage.ss_family
        return withUnsafePointer(to: &storage) { pointer in
            if family == sa_family_t(AF_INET6) {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                Int(UInt16(bigEndian: $0.pointee.sin_port))
            }
        }
    }

    /// Sets `TCP_NODELAY`: responses are written whole, so Nagle only adds latency.
    static func configureAccepted(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }
}
