import CEpoll
import Glibc

/// Thin wrappers over the system calls the loops use: EINTR is retried, EAGAIN becomes `.wouldBlock`,
/// anything else throws `IOError`.
enum Syscall {
    @inline(__always)
    static func retrying(_ name: StaticString, _ call: () -> Int) throws(IOError) -> IOResult {
        while true {
            let result = call()
            if result >= 0 { return .processed(result) }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN: return .wouldBlock
            default: throw IOError(errnoCode: code, syscall: "\(name)")
            }
        }
    }

    static func read(_ fd: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int) throws(IOError) -> IOResult {
        try retrying("read") { Glibc.read(fd, pointer, count) }
    }

    /// Reads from a socket: `recv` skips the file-position lock `read` takes, and the shim skips glibc's
    /// cancellation-point bookkeeping.
    static func receive(_ fd: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int) throws(IOError) -> IOResult {
        try retrying("recv") { cepoll_recv(fd, pointer, count) }
    }

    static func send(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) throws(IOError) -> IOResult {
        try retrying("send") { cepoll_send(fd, pointer, count, Int32(MSG_NOSIGNAL)) }
    }

    /// Sends `first` then `second` in one `sendmsg` (one syscall, and one run of segments rather than a short one
    /// for `first`); a plain `send` when `second` is empty.
    static func send(_ fd: Int32, _ first: UnsafeRawBufferPointer, then second: UnsafeRawBufferPointer)
        throws(IOError) -> IOResult
    {
        guard !second.isEmpty else { return try send(fd, first.baseAddress!, first.count) }
        return try retrying("sendmsg") {
            cepoll_send2(
                fd, first.baseAddress, first.count, second.baseAddress, second.count, Int32(MSG_NOSIGNAL))
        }
    }

    /// Accepts a connection, writing the peer's address into `peer`; `nil` when none is waiting.
    static func accept(_ fd: Int32, peer: inout sockaddr_storage) throws(IOError) -> Int32? {
        let flags = Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = try withUnsafeMutablePointer(to: &peer) { pointer throws(IOError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(IOError) in
                try retrying("accept4", { Int(cepoll_accept4(fd, address, &length, flags)) })
            }
        }
        switch result {
        case .processed(let newFD): return Int32(newFD)
        case .wouldBlock: return nil
        }
    }

    static func close(_ fd: Int32) {
        // EINTR on close must not be retried on Linux: the descriptor is already gone.
        _ = Glibc.close(fd)
    }

    static func check(_ name: StaticString, _ result: Int32) throws(IOError) {
        if result < 0 { throw IOError(errnoCode: errno, syscall: "\(name)") }
    }
}
