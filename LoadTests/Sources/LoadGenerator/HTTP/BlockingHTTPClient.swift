import Glibc
import HTTPCore

/// A plain blocking keep-alive client for set-up and verification (registering agents, paging through runs):
/// a few hundred sequential requests, off the loops, where simplicity beats speed.
public final class BlockingHTTPClient {
    /// A failed exchange.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private let url: TargetURL
    private let address: SocketAddress
    private let tlsContext: TLSClientContext?
    private var fd: Int32 = -1
    private var tls: TLSClientSession?
    private var stream = ResponseStream(captureBody: true)
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 32 * 1024, alignment: 16)
    private let timeoutSeconds: Int

    /// A client for `url`'s origin; HTTPS uses `tlsContext`.
    public init(url: TargetURL, address: SocketAddress, tlsContext: TLSClientContext?, timeoutSeconds: Int = 30) {
        self.url = url
        self.address = address
        self.tlsContext = tlsContext
        self.timeoutSeconds = timeoutSeconds
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
        buffer.deallocate()
        scratch.deallocate()
    }

    /// Sends one request and waits for its response; reconnects once if a kept-alive connection went stale.
    /// `GET path`, or `POST path` with `body` as JSON when a body is given.
    public func request(_ path: String, postJSON body: [UInt8]? = nil) throws(Failure) -> ParsedResponse {
        let wire =
            body.map { RequestBuilder.post(path, headers: url.fixedHeaders, json: $0) }
            ?? RequestBuilder.get(path, headers: url.fixedHeaders)
        do {
            return try exchange(wire)
        } catch {
            disconnect()
            return try exchange(wire)
        }
    }

    private func exchange(_ bytes: [UInt8]) throws(Failure) -> ParsedResponse {
        if fd < 0 { try connect() }
        try write(bytes)
        var result: ParsedResponse?
        while result == nil {
            let count = Glibc.read(fd, buffer.baseAddress!, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if count == 0 {
                    try? stream.finish { response in
                        result = response
                        return false
                    }
                }
                if let result {
                    disconnect()
                    return result
                }
                throw Failure(description: count == 0 ? "connection closed" : "read failed (errno \(errno))")
            }
            try receive(UnsafeRawBufferPointer(rebasing: buffer[..<count])) { result = $0 }
        }
        if result!.closes { disconnect() }
        return result!
    }

    private func receive(_ bytes: UnsafeRawBufferPointer, _ onResponse: (ParsedResponse) -> Void) throws(Failure) {
        var failure: Failure?
        func parse(_ plaintext: UnsafeRawBufferPointer) {
            do throws(ResponseParseError) {
                try stream.feed(plaintext) { response in
                    onResponse(response)
                    return false
                }
            } catch {
                failure = Failure(description: "bad response: \(error)")
            }
        }
        if let tls {
            tls.receiveCiphertext(bytes)
            let outcome = tls.readPlaintext(scratch: scratch) { plaintext in
                parse(plaintext)
                return failure == nil
            }
            if case .failed(let reason) = outcome { throw Failure(description: reason) }
        } else {
            parse(bytes)
        }
        if let failure { throw failure }
    }

    private func connect() throws(Failure) {
        fd = socket(address.family, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed (errno \(errno))") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        guard address.connect(fd) == 0 else {
            let code = errno
            disconnect()
            throw Failure(description: "connect to \(url.hostHeader) failed: \(String(cString: strerror(code)))")
        }
        stream = ResponseStream(captureBody: true)
        guard let tlsContext else { return }
        do {
            tls = try tlsContext.makeSession()
        } catch {
            throw Failure(description: "\(error)")
        }
        while let pending = tls!.handshake() {
            if case .failed(let reason) = pending { throw Failure(description: "TLS handshake failed: \(reason)") }
            try flushTLS()
            let count = Glibc.read(fd, buffer.baseAddress!, buffer.count)
            guard count > 0 else { throw Failure(description: "TLS handshake: connection closed") }
            tls!.receiveCiphertext(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        try flushTLS()
    }

    private func flushTLS() throws(Failure) {
        var out: [UInt8] = []
        tls?.takeCiphertext(into: &out)
        try sendAll(out)
    }

    private func write(_ bytes: [UInt8]) throws(Failure) {
        if let tls {
            guard bytes.withUnsafeBytes({ tls.writePlaintext($0) }) else {
                throw Failure(description: "TLS write failed")
            }
            try flushTLS()
        } else {
            try sendAll(bytes)
        }
    }

    private func sendAll(_ bytes: [UInt8]) throws(Failure) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Failure(description: "send failed (errno \(errno))") }
            sent += count
        }
    }

    private func disconnect() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        tls = nil
        stream = ResponseStream(captureBody: true)
    }
}
