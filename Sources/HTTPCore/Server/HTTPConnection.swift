import CEpoll
import Glibc

/// One accepted socket, owned by one loop for its whole life: reads, parses, dispatches requests to the
/// responder one at a time (pipelined requests wait their turn, so answers keep their order), and writes
/// responses with backpressure.
///
/// Every lifecycle decision (keep-alive, pipelining, backpressure, closing, TLS handshake and shutdown,
/// timeouts) is made by `HTTPConnectionStateMachine`; this class performs its actions on the socket and
/// reports what happened. The socket is registered edge-triggered for input and output once; the machine
/// remembers the readiness so that pausing (a request in flight, output above the high-water mark) costs
/// no syscalls.
final class HTTPConnection: EventLoopSelectable {
    let fd: Int32
    let context: LoopContext
    var loop: EventLoop { context.loop }

    var parser: HTTPRequestParser
    var machine: HTTPConnectionStateMachine
    var tls: TLSSession?
    /// The client's address, counted in `HTTPServer.connectionsPerAddress` until the socket closes.
    let peer: PeerAddress?

    /// Unparsed input carried over between reads (partial requests, pipelined requests, TLS plaintext).
    var inBuffer: [UInt8] = []
    var inOffset = 0
    /// Output the socket has not taken yet.
    var outBuffer: [UInt8] = []
    var outOffset = 0

    var pendingHead: HTTPRequestHead?
    var body: [UInt8] = []

    /// What the response to the in-flight request needs from its request.
    var inFlightVersion = HTTPVersion.http1_1
    var inFlightIsHead = false
    /// The in-flight request's id, method and start (monotonic ns), for metrics and the access log.
    var inFlightID = ""
    var inFlightMethod = ""
    var inFlightStart: UInt64 = 0

    init(fd: Int32, context: LoopContext, tls: TLSSession?, peer: PeerAddress?) {
        self.fd = fd
        self.peer = peer
        self.context = context
        self.tls = tls
        parser = HTTPRequestParser(limits: context.limits)
        machine = HTTPConnectionStateMachine(
            timeouts: context.timeouts, tls: tls != nil, writeHighWaterMark: context.writeHighWaterMark,
            now: context.loop.tickTime)
    }

    var pendingOutput: Int { outBuffer.count - outOffset }

    var hasCarriedInput: Bool { inOffset < inBuffer.count }

    // MARK: Events

    func handleEvent(_ events: UInt32) {
        if events & EPOLLOUT.rawValue != 0 {
            perform(machine.writable(pendingOutput: pendingOutput))
        }
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 {
            perform(machine.readable())
        }
    }

    /// Called by the loop's sweep: acts on an expired timeout.
    func checkTimeout(now: UInt64) {
        perform(machine.timerFired(now: now))
    }

    /// Shutdown: close now if nothing is in progress, otherwise after the current response.
    func beginDrain() {
        perform(machine.shutdownRequested(pendingOutput: pendingOutput))
    }

    /// Carries out what the state machine decided.
    func perform(_ action: HTTPConnectionStateMachine.Action) {
        switch action {
        case .none, .dispatch:
            break
        case .flush:
            flush()
        case .read:
            resumeInput()
        case .discardInput:
            discardUntilClosed()
        case .sendCloseNotify:
            sendCloseNotify()
        case .halfCloseAndLinger:
            Glibc.shutdown(fd, Int32(SHUT_WR))
            discardUntilClosed()
        case .respondRequestTimeout:
            fail(HTTPError(.requestTimeout, code: "request_timeout", message: "The request body arrived too slowly."))
        case .close:
            close()
        case .closeHandshakeTimedOut:
            context.metrics.handshakeTimeouts.increment()
            close()
        }
    }

    // MARK: Reading

    /// Continues with carried-over input, then reads until the socket has nothing more or the connection
    /// pauses. Does nothing when called from inside the parse it would disturb.
    func resumeInput() {
        guard machine.beginInput() else { return }
        parseCarriedInput()
        if tls != nil { decryptAndParse() }
        readFromSocket()
        let action = machine.endInput(pendingOutput: pendingOutput, carriedInput: hasCarriedInput, now: loop.tickTime)
        if machine.isClosed { inBuffer = [] }
        perform(action)
    }

    /// Reads until the socket has nothing more or the connection pauses; callers hold the input (`beginInput`).
    private func readFromSocket() {
        let buffer = context.readBuffer
        while machine.mayRead(pendingOutput: pendingOutput) {
            let result: IOResult
            do {
                result = try Syscall.receive(fd, buffer.baseAddress!, buffer.count)
            } catch {
                close()
                return
            }
            switch result {
            case .wouldBlock:
                machine.readDrained()
                return
            case .processed(0):
                perform(machine.readEOF())
                return
            case .processed(let count):
                // A short read drained the socket: the next arrival raises a new edge, so skip the read
                // that would only return EAGAIN (one syscall per request saved, as nginx does).
                if count < buffer.count { machine.readDrained() }
                context.metrics.receivedBytes &+= count
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                if tls != nil {
                    receiveCiphertext(bytes)
                } else {
                    receive(bytes)
                }
            }
        }
    }

    /// Plaintext input: parsed straight from the loop's read buffer when nothing is carried over, so the
    /// common case copies nothing into the connection.
    func receive(_ bytes: UnsafeRawBufferPointer) {
        if inOffset == inBuffer.count {
            let used = parseRequests(bytes)
            if used < bytes.count {
                if machine.isClosing {
                    // Input after the last request is dropped; closing with it unread would reset the
                    // connection under our response, so linger instead.
                    machine.inputLeftUnread()
                } else {
                    inBuffer.removeAll(keepingCapacity: true)
                    inBuffer.append(contentsOf: bytes[used...])
                    inOffset = 0
                }
            }
        } else {
            inBuffer.append(contentsOf: bytes)
            parseCarriedInput()
        }
    }

    /// Parses whatever is carried over in `inBuffer`.
    func parseCarriedInput() {
        guard inOffset < inBuffer.count else { return }
        let used = inBuffer.withUnsafeBytes { all in
            parseRequests(UnsafeRawBufferPointer(rebasing: all[inOffset...]))
        }
        inOffset += used
        if hasCarriedInput { machine.inputLeftUnread() }
        if !hasCarriedInput || machine.isClosing {
            // Release rather than keep: an idle connection should own no buffer.
            inBuffer = []
            inOffset = 0
        } else if inOffset > 4096 && inOffset * 2 > inBuffer.count {
            inBuffer.removeFirst(inOffset)
            inOffset = 0
        }
    }

    /// Feeds `buffer` to the parser until it needs more, a request is dispatched, or an error ends the
    /// connection. Returns the bytes consumed.
    func parseRequests(_ buffer: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        // Output above the high-water mark pauses parsing too, not just reading: pipelined requests already
        // buffered must wait until the peer takes what it has been sent.
        while machine.mayParse(pendingOutput: pendingOutput) {
            if pendingHead == nil && offset < buffer.count { machine.requestBytesArrived(now: loop.tickTime) }
            let rest = UnsafeRawBufferPointer(rebasing: buffer[offset...])
            switch parser.parse(rest) {
            case .needMore:
                return offset
            case .head(let head, let consumed):
                offset += consumed
                guard admit(head) else { return buffer.count }
                startBody(head)
            case .body(let range, let consumed):
                body.append(contentsOf: rest[range])
                offset += consumed
                machine.bodyProgress(now: loop.tickTime)
            case .end(let consumed):
                offset += consumed
                dispatch()
            case .error(let error):
                fail(error.httpError)
                return buffer.count
            }
        }
        return offset
    }

    private func startBody(_ head: HTTPRequestHead) {
        let expectsBody = head.isChunked || (head.contentLength ?? 0) > 0
        machine.headParsed(expectsBody: expectsBody, now: loop.tickTime)
        if expectsBody {
            if let length = head.contentLength { body.reserveCapacity(length) }
            if head.expectsContinue && head.version == .http1_1 {
                enqueueOutput(HTTPResponseSerializer.continueResponse)
            }
        }
        pendingHead = head
    }
}
