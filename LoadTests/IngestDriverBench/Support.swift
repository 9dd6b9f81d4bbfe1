import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// A shared counter for the load threads.
final class Counter: @unchecked Sendable {
    // Safety: `count` is only touched with `lock` held.
    private let lock = NSLock()
    private var count = 0
    /// Adds `amount` and returns the new total.
    func add(_ amount: Int) -> Int {
        lock.withLock {
            count += amount; return count
        }
    }
    var value: Int { lock.withLock { count } }
}

/// Latencies gathered from the load threads.
final class LatencyLog: @unchecked Sendable {
    // Safety: `samples` is only touched with `lock` held.
    private let lock = NSLock()
    private var samples: [Double] = []
    func append(_ more: [Double]) { lock.withLock { samples += more } }
    var values: [Double] { lock.withLock { samples } }
}

/// Runs each closure on its own thread (the client blocks) and waits for all.
func runAndJoin(_ threads: [@Sendable () -> Void]) {
    let done = DispatchSemaphore(value: 0)
    for work in threads {
        Thread.detachNewThread {
            work()
            done.signal()
        }
    }
    for _ in threads { done.wait() }
}

/// One keep-alive HTTP/1.1 connection: write a request, read one Content-Length response.
final class BenchConnection {
    struct Response {
        var status: Int
        var body: [UInt8]
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func roundTrip(_ request: [UInt8]) throws -> Response {
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw POSIXError(.EPIPE) }
            sent += count
        }
        var headEnd: Int?
        while headEnd == nil {
            headEnd = findHeadEnd()
            if headEnd == nil { try fill() }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        let status = Int(head.split(separator: " ")[1])!
        var length = 0
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces))!
        }
        buffer.removeFirst(headEnd! + 4)
        while buffer.count < length { try fill() }
        let body = Array(buffer[0..<length])
        buffer.removeFirst(length)
        return Response(status: status, body: body)
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw POSIXError(.ECONNRESET) }
        buffer += chunk[0..<count]
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4)
        where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }
}
