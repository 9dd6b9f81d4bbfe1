import CEpoll
import Glibc
import HTTPCore

/// One client socket on a worker's loop: non-blocking connect, optional TLS, requests out, responses in.
///
/// Registered edge-triggered once for input and output, like the server's connections; decisions about what
/// to send next belong to the worker, which this reports to.
final class LoadConnection: EventLoopSelectable {
    enum State: Equatable {
        case idle
        case connecting
        case handshaking
        case ready
        case closed
    }

    // unowned(unsafe): the worker owns its connections and closes and drops them all before it goes away
    // (`finishStopIfDrained`), so the reference never dangles; checked `unowned` showed up in profiles as
    // refcount slow paths on every event.
    unowned(unsafe) let worker: LoadWorker
    private(set) var fd: Int32 = -1
    private(set) var state = State.idle
    var stream: ResponseStream
    var inFlight: InFlightQueue
    private var out: [UInt8] = []
    private var outOffset = 0
    private var tls: TLSClientSession?
    private var canWrite = false
    private var registered = false
    private(set) var connectStarted: UInt64 = 0
    /// Requests sent on this connection since it was opened (the `connections` scenario sends one, then holds).
    var sentOnConnection = 0
    /// Set while the connection sits in the worker's list of connections with room for another request.
    var isListedFree = false

    init(worker: LoadWorker, pipeline: Int, captureBodies: Bool) {
        self.worker = worker
        inFlight = InFlightQueue(capacity: pipeline)
        stream = ResponseStream(captureBody: captureBodies)
    }

    var isReady: Bool { state == .ready }

    // MARK: Connecting

    /// Starts a non-blocking connect; failures are reported to the worker.
    func connect() {
        let address = worker.address
        fd = socket(address.family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            state = .closed
            worker.connectionFailed(self, .connect, errno: errno)
            return
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        state = .connecting
        canWrite = false
        connectStarted = Monotonic.now()
        stream = ResponseStream(captureBody: stream.captureBody)
        sentOnConnection = 0
        if address.connect(fd) != 0 && errno != EINPROGRESS {
            fail(.connect, errno: errno)
            return
        }
        do {
            let events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
            try worker.loop.register(fd: fd, events: events, handler: self)
            registered = true
        } catch {
            fail(.connect, errno: error.errnoCode)
        }
    }

    func handleEvent(_ events: UInt32) {
        switch state {
        case .connecting:
            guard events & EPOLLOUT.rawValue != 0 else { return }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
            guard code == 0 else { return fail(.connect, errno: code) }
            canWrite = true
            if let context = worker.tlsContext {
                do {
                    tls = try context.makeSession()
                } catch {
                    return fail(.connect, errno: 0)
                }
                state = .handshaking
                advanceHandshake()
            } else {
                state = .ready
                worker.connectionReady(self)
            }
        case .handshaking, .ready:
            if events & EPOLLOUT.rawValue != 0 {
                canWrite = true
                flush()
            }
            if state != .closed && events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 { readAvailable() }
        case .idle, .closed:
            return
        }
    }

    private func advanceHandshake() {
        guard let tls else { return }
        switch tls.handshake() {
        case nil:
            tls.takeCiphertext(into: &out)
            flush()
            guard state != .closed else { return }
            state = .ready
            worker.connectionReady(self)
        case .wantRead:
            tls.takeCiphertext(into: &out)
            flush()
        case .closed, .failed:
            fail(.connect, errno: 0)
        }
    }

    // MARK: Writing

    /// Sends `request` (or queues what the socket does not take); `flushNow: false` lets a caller queue several
    /// pipelined requests and write them with one `flush()`.
    func send(_ request: PreparedRequest, intended: UInt64, now: UInt64, flushNow: Bool = true) {
        inFlight.push(.init(intended: intended, sent: now, label: request.label, token: request.token))
        sentOnConnection += 1
        worker.bytesWritten(request.bytes.count)
        if let tls {
            let ok = request.bytes.withUnsafeBytes { tls.writePlaintext($0) }
            guard ok else { return fail(.reset, errno: 0) }
            tls.takeCiphertext(into: &out)
        } else if out.count == outOffset && flushNow && canWrite {
            // The common case: the socket takes the whole request straight from the shared bytes, no copy.
            let sent = request.bytes.withUnsafeBytes { writeSome($0) }
            if state == .closed { return }
            if sent < request.bytes.count { out.append(contentsOf: request.bytes[sent...]) }
            return
        } else {
            out.append(contentsOf: request.bytes)
        }
        if flushNow { flush() }
    }

    /// Writes queued output until done or the socket is full.
    func flush() {
        guard out.count > outOffset, canWrite else { return }
        let sent = out.withUnsafeBytes { writeSome(UnsafeRawBufferPointer(rebasing: $0[outOffset...])) }
        if state == .closed { return }
        outOffset += sent
        if outOffset == out.count {
            out.removeAll(keepingCapacity: out.capacity <= 64 * 1024)
            outOffset = 0
        }
    }

    private func writeSome(_ bytes: UnsafeRawBufferPointer) -> Int {
        var sent = 0
        while sent < bytes.count {
            let result = Glibc.send(fd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            if result >= 0 {
                sent += result
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN:
                canWrite = false
                return sent
            default:
                fail(.reset, errno: errno)
                return sent
            }
        }
        return sent
    }

    // MARK: Reading

    private func readAvailable() {
        let buffer = worker.readBuffer
        while state == .handshaking || state == .ready {
            let count = Glibc.read(fd, buffer.baseAddress!, buffer.count)
            if count > 0 {
                worker.bytesRead(count)
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<count])
                if tls != nil { receiveCiphertext(bytes) } else { receive(bytes) }
                // A short read drained the socket; the next arrival raises a new edge.
                if count < buffer.count { return }
                continue
            }
            if count == 0 { return peerClosed() }
            switch errno {
            case EINTR: continue
            case EAGAIN: return
            default: return fail(.reset, errno: errno)
            }
        }
    }

    private func receiveCiphertext(_ bytes: UnsafeRawBufferPointer) {
        guard let tls else { return }
        tls.receiveCiphertext(bytes)
        if state == .handshaking {
            advanceHandshake()
            guard state == .ready else { return }
        }
        let outcome = tls.readPlaintext(scratch: worker.plaintextBuffer) { plaintext in
            receive(plaintext)
            return state == .ready
        }
        if state == .closed { return }
        tls.takeCiphertext(into: &out)
        flush()
        switch outcome {
        case .wantRead: break
        case .closed: peerClosed()
        case .failed: fail(.protocolError, errno: 0)
        }
    }

    private func receive(_ bytes: UnsafeRawBufferPointer) {
        let now = Monotonic.now()
        var closeAfter = false
        do throws(ResponseParseError) {
            try stream.feed(bytes) { response in
                deliver(response, now: now)
                if response.closes { closeAfter = true }
                return state == .ready && !closeAfter
            }
        } catch {
            return fail(.protocolError, errno: 0)
        }
        guard state == .ready else { return }
        if closeAfter {
            // The server said it closes: anything still outstanding is lost with the connection.
            if !inFlight.isEmpty { return fail(.reset, errno: 0) }
            close()
            worker.connectionClosedCleanly(self)
            return
        }
        worker.responsesDelivered(self)
    }

    private func deliver(_ response: ParsedResponse, now: UInt64) {
        guard let entry = inFlight.pop() else {
            // A response nobody asked for: the stream is out of step.
            fail(.protocolError, errno: 0)
            return
        }
        worker.responseArrived(response, entry: entry, now: now)
    }

    private func peerClosed() {
        let now = Monotonic.now()
        try? stream.finish { response in
            deliver(response, now: now)
            return true
        }
        if state == .closed { return }
        if inFlight.isEmpty && !stream.isMidResponse {
            close()
            worker.connectionClosedCleanly(self)
        } else {
            fail(.reset, errno: ECONNRESET)
        }
    }

    // MARK: Closing

    /// Closes with an error: counts it, fails the outstanding requests and tells the worker.
    func fail(_ kind: ErrorKind, errno code: Int32) {
        if state == .closed && fd < 0 { return }
        close()
        worker.connectionFailed(self, kind, errno: code)
    }

    /// Closes the socket; outstanding requests are handed back through `drainInFlight`.
    func close() {
        if fd >= 0 {
            if registered { worker.loop.deregister(fd: fd) }
            registered = false
            Glibc.close(fd)
            fd = -1
        }
        state = .closed
        tls = nil
        out = []
        outOffset = 0
        canWrite = false
    }

    /// Removes and returns every unanswered request (after a failure).
    func drainInFlight() -> [InFlightQueue.Entry] {
        var entries: [InFlightQueue.Entry] = []
        while let entry = inFlight.pop() { entries.append(entry) }
        return entries
    }
}
