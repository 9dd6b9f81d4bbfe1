import Foundation
import HTTPCore

/// A tiny HTTP receiver on 127.0.0.1 for webhook tests: one request per connection, answered with the next of
/// `statuses` (then 200), every request recorded. Runs on its own thread, never on the test's cooperative ones.
final class WebhookReceiver: Sendable {
    struct Request: Sendable {
        var target: String
        /// Header names lowercased.
        var headers: [String: String]
        var body: [UInt8]
        /// The status it was answered with.
        var status: Int
    }

    let port: Int
    private let listener: Int32
    private let statuses: LockedValue<[Int]>
    private let recorded = LockedValue<[Request]>([])
    private let stopped = LockedValue(false)

    init(statuses: [Int] = []) throws {
        self.statuses = LockedValue(statuses)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 16) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else { throw IOError(errnoCode: errno, syscall: "bind") }
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)/hooks/agent-metrics" }

    var requests: [Request] { recorded.withLock { $0 } }

    /// Waits (polling, off the cooperative pool's blocking budget) until `count` requests arrived or 10 s passed.
    func waitForRequests(_ count: Int) async -> [Request] {
        let start = ContinuousClock.now
        while requests.count < count, ContinuousClock.now - start < .seconds(10) {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return requests
    }

    /// Stops serving within 50 ms (the thread closes the listener; nothing waits for it here).
    func stop() {
        stopped.withLock { $0 = true }
    }

    private func serve() {
        defer { close(listener) }
        while !stopped.withLock({ $0 }) {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        var needed = Int.max
        while data.count < needed {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            data += buffer[..<count]
            if headerEnd == nil, let end = data.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound {
                headerEnd = end
                let head = String(decoding: data[..<end], as: UTF8.self)
                let length =
                    head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                needed = end + length
            }
        }
        guard let end = headerEnd else { return }
        let lines = String(decoding: data[..<end], as: UTF8.self).split(separator: "\r\n")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let target = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        let status = statuses.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
        recorded.withLock {
            $0.append(Request(target: target, headers: headers, body: Array(data[end..<needed]), status: status))
        }
        let response = Array("HTTP/1.1 \(status) X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        _ = response.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
    }
}
