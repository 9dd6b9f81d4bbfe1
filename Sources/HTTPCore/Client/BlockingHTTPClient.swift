import Glibc

/// One HTTP/1.1 `POST` over a fresh plain-TCP connection, on the calling thread, within a deadline: for
/// webhooks, which are rare, small and sent from a dedicated thread. Only the response's status code is read.
///
/// Blocking by design: the socket is non-blocking and every wait is a `poll` bounded by what remains of the
/// deadline, so a receiver that accepts and then stalls costs at most `timeout`, never a hung thread.
public enum BlockingHTTPClient {
    /// Sends `body` to `url` with `Content-Type: application/json`, `Connection: close` and `headers`;
    /// returns the status code.
    public static func post(
        _ url: HTTPURL, headers: [(String, String)], body: [UInt8], timeout: Duration
    ) throws(HTTPClientError) -> Int {
        let deadline = Monotonic.now() &+ Monotonic.nanoseconds(timeout)
        let fd = try connect(url, deadline: deadline)
        defer { Syscall.close(fd) }
        var head = "POST \(url.target) HTTP/1.1\r\nHost: \(url.hostHeader)\r\n"
        head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try sendAll(fd, Array(head.utf8) + body, deadline: deadline)
        return try readStatus(fd, deadline: deadline)
    }

    private static func connect(_ url: HTTPURL, deadline: UInt64) throws(HTTPClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(url.host, String(url.port), &hints, &list) == 0, list != nil else {
            throw .unresolvable(url.host)
        }
        defer { freeaddrinfo(list) }
        var lastError = HTTPClientError.unresolvable(url.host)
        var next = list
        while let info = next {
            next = info.pointee.ai_next
            let fd = socket(
                info.pointee.ai_family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastError = .io(IOError(errnoCode: errno, syscall: "socket"))
                continue
            }
            do throws(HTTPClientError) {
                if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
                    guard errno == EINPROGRESS || errno == EINTR else {
                        throw .io(IOError(errnoCode: errno, syscall: "connect"))
                    }
                    try wait(fd, for: Int16(POLLOUT), deadline: deadline)
                    var code: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
                    if code != 0 { throw .io(IOError(errnoCode: code, syscall: "connect")) }
                }
                return fd
            } catch {
                Syscall.close(fd)
                if error == .timedOut { throw error }
                lastError = error
            }
        }
        throw lastError
    }

    private static func sendAll(_ fd: Int32, _ bytes: [UInt8], deadline: UInt64) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                Result { () throws(IOError) in try Syscall.send(fd, buffer.baseAddress! + offset, bytes.count - offset)
                }
            }
            let result: IOResult
            switch sent {
            case .success(let value): result = value
            case .failure(let error): throw .io(error)
            }
            switch result {
            case .processed(let count): offset += count
            case .wouldBlock: try wait(fd, for: Int16(POLLOUT), deadline: deadline)
            }
        }
    }

    /// Reads until the status line is complete and returns its code.
    private static func readStatus(_ fd: Int32, deadline: UInt64) throws(HTTPClientError) -> Int {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !received.contains(UInt8(ascii: "\n")) {
            guard received.count < 8192 else { throw .malformedResponse }
            let read = buffer.withUnsafeMutableBytes { raw in
                Result { () throws(IOError) in try Syscall.read(fd, raw.baseAddress!, raw.count) }
            }
            let result: IOResult
            switch read {
            case .success(let value): result = value
            case .failure(let error): throw .io(error)
            }
            switch result {
            case .processed(0): throw .malformedResponse
            case .processed(let count): received += buffer[..<count]
            case .wouldBlock: try wait(fd, for: Int16(POLLIN), deadline: deadline)
            }
        }
        // "HTTP/1.1 200 OK": the three digits after the first space.
        let line = received.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        guard line.starts(with: Array("HTTP/1.".utf8)), let space = line.firstIndex(of: UInt8(ascii: " ")) else {
            throw .malformedResponse
        }
        let digits = line[(space + 1)...].prefix(3)
        guard digits.count == 3, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let code = Int(String(decoding: digits, as: UTF8.self)), (100...599).contains(code)
        else { throw .malformedResponse }
        return code
    }

    /// Waits until `fd` is ready for `events` or the deadline passes.
    private static func wait(_ fd: Int32, for events: Int16, deadline: UInt64) throws(HTTPClientError) {
        while true {
            let now = Monotonic.now()
            guard now < deadline else { throw .timedOut }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let milliseconds = Int32(min((deadline - now + 999_999) / 1_000_000, UInt64(Int32.max)))
            let result = poll(&entry, 1, milliseconds)
            if result > 0 { return }
            if result < 0 && errno != EINTR { throw .io(IOError(errnoCode: errno, syscall: "poll")) }
        }
    }
}
