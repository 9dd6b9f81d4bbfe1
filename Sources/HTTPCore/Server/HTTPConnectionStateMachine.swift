/// The lifecycle of one HTTP/1.1 connection, decided in one place: TLS handshake, keep-alive, pipelining,
/// backpressure, the close after a final response (draining output, TLS close_notify, lingering) and every
/// timeout.
///
/// A plain value driven with explicit monotonic times, so tests control the clock and need no socket. Each
/// event is a `mutating func` returning what the connection must do; `HTTPConnection` performs the actions and
/// reports back (a `.close` action is followed by `closed()`, the only way into `.closed`). Readiness is
/// remembered here (`canRead`, `canWrite`) because the socket is edge-triggered.
struct HTTPConnectionStateMachine: Sendable, Equatable {
    /// Where the connection is in its life.
    enum State: Sendable, Equatable {
        /// TLS handshake in progress; no HTTP yet.
        case handshaking
        /// Keep-alive between requests: no byte of the next request has arrived.
        case idle
        /// (Part of) a request head has arrived.
        case readingHead
        /// Reading a request body.
        case readingBody
        /// A request is with the responder; further input waits so responses keep their order.
        /// `closeAfter` records that its response must be the last (no keep-alive, drain, peer's EOF).
        case awaitingResponse(closeAfter: Bool)
        /// The final response is queued: flush it, then close.
        case closing
        /// TLS: our close_notify is queued behind the final response; flush it, then close.
        case closingTLS
        /// Half-closed after the final response, discarding input until the peer's EOF or the linger timeout,
        /// so the peer reads the response instead of a reset.
        case lingering
        case closed
    }

    /// Which timeout is armed, as far as timeouts care about what the connection does.
    enum Timer: Sendable, Equatable {
        /// The TLS handshake must finish in time.
        case handshake
        /// The whole head must arrive in time; trickled bytes do not extend it (slowloris).
        case header
        /// Each piece of body must arrive in time; progress re-arms it.
        case body
        /// The peer must take output in time; progress re-arms it.
        case write
        /// Keep-alive with nothing in progress.
        case idle
        /// A lingering close waits this long for the peer's EOF.
        case linger
    }

    /// What the connection must do.
    enum Action: Sendable, Equatable {
        case none
        /// Send queued output.
        case flush
        /// Continue with carried-over input, then read the socket.
        case read
        /// Read and drop input (lingering).
        case discardInput
        /// Hand the completed request to the responder.
        case dispatch
        /// Queue TLS close_notify behind the output and flush it.
        case sendCloseNotify
        /// `shutdown(SHUT_WR)`, then discard input until EOF.
        case halfCloseAndLinger
        /// Answer 408: the body arrived too slowly (then the connection closes like after any error).
        case respondRequestTimeout
        /// Close the socket now.
        case close
        /// Close the socket now: the TLS handshake took too long.
        case closeHandshakeTimedOut
    }

    /// The durations in nanoseconds.
    struct Timeouts: Sendable, Equatable {
        var handshake: UInt64
        var headerRead: UInt64
        var idle: UInt64
        var bodyRead: UInt64
        var write: UInt64
        var linger: UInt64

        /// Converts the server's configured timeouts.
        init(_ configuration: HTTPServerConfiguration.Timeouts, handshake: Duration) {
            self.handshake = Monotonic.nanoseconds(handshake)
            headerRead = Monotonic.nanoseconds(configuration.headerRead)
            idle = Monotonic.nanoseconds(configuration.idle)
            bodyRead = Monotonic.nanoseconds(configuration.bodyRead)
            write = Monotonic.nanoseconds(configuration.write)
            linger = 2_000_000_000
        }

        func span(_ timer: Timer) -> UInt64 {
            switch timer {
            case .handshake: handshake
            case .header: headerRead
            case .body: bodyRead
            case .write: write
            case .idle: idle
            case .linger: linger
            }
        }
    }

    private(set) var state: State
    /// The armed timeout and when it expires (monotonic nanoseconds); `nil` while a handler runs.
    private(set) var timer: Timer?
    private(set) var deadline: UInt64?
    /// Edge-triggered readiness: the socket may have input / may take output.
    private(set) var canRead = false
    private(set) var canWrite = true
    /// The peer sent EOF (or TLS close_notify).
    private(set) var peerClosed = false
    /// The final response answers an error, or input is left unread: linger rather than close at once.
    private(set) var lingerOnClose = false
    /// Input is being read or parsed: the close must wait until the parse that may still find unread input ends.
    private(set) var parsing = false

    private let timeouts: Timeouts
    private let isTLS: Bool
    /// Output above this pauses reading and parsing until the peer takes it.
    private let writeHighWaterMark: Int

    init(timeouts: Timeouts, tls: Bool, writeHighWaterMark: Int, now: UInt64) {
        self.timeouts = timeouts
        self.isTLS = tls
        self.writeHighWaterMark = writeHighWaterMark
        state = tls ? .handshaking : .readingHead
        arm(tls ? .handshake : .header, now: now)
    }

    // MARK: Queries

    /// Whether input is wanted: a handshake or a request is being read (not while a response is awaited or
    /// the connection is closing).
    var acceptsInput: Bool {
        switch state {
        case .handshaking, .idle, .readingHead, .readingBody: true
        default: false
        }
    }

    /// Whether the connection is on its way out (final response queued or sent, or closed).
    var isClosing: Bool {
        switch state {
        case .closing, .closingTLS, .lingering, .closed, .awaitingResponse(closeAfter: true): true
        default: false
        }
    }

    var isClosed: Bool { state == .closed }
    var isHandshaking: Bool { state == .handshaking }
    var isAwaitingResponse: Bool { if case .awaitingResponse = state { true } else { false } }

    /// Whether buffered requests may be parsed now: input is wanted and output is below the high-water mark
    /// (pipelined requests must wait until the peer takes what it has been sent).
    func mayParse(pendingOutput: Int) -> Bool {
        acceptsInput && pendingOutput < writeHighWaterMark
    }

    /// Whether to read the socket now.
    func mayRead(pendingOutput: Int) -> Bool {
        canRead && mayParse(pendingOutput: pendingOutput)
    }

    // MARK: Readiness

    /// The socket reported input (or EOF, or an error).
    mutating func readable() -> Action {
        if state == .closed { return .none }
        canRead = true
        return state == .lingering ? .discardInput : .read
    }

    /// The socket reported room for output.
    mutating func writable(pendingOutput: Int) -> Action {
        if state == .closed { return .none }
        canWrite = true
        return pendingOutput > 0 ? .flush : .none
    }

    /// A read returned less than asked or would block: the next arrival raises a new edge.
    mutating func readDrained() {
        canRead = false
    }

    /// A send would block: wait for the next output edge.
    mutating func writeBlocked() {
        canWrite = false
    }

    /// The peer sent EOF: close now unless a response is still owed.
    mutating func readEOF() -> Action {
        canRead = false
        peerClosed = true
        if isAwaitingResponse || state == .closed { return .none }
        return .close
    }

    // MARK: Requests

    /// Input is about to be read or parsed; `false` when that would re-enter a parse in progress (a response
    /// produced inline must not start another read into the buffer the parser is walking) or after the close.
    mutating func beginInput() -> Bool {
        guard !parsing, state != .closed else { return false }
        parsing = true
        return true
    }

    /// The parse started by `beginInput` is over; closes the connection if a final response is already out.
    mutating func endInput(pendingOutput: Int, carriedInput: Bool, now: UInt64) -> Action {
        parsing = false
        switch state {
        case .closing, .closingTLS:
            return closeAfterOutput(pendingOutput: pendingOutput, carriedInput: carriedInput, now: now)
        default: return .none
        }
    }

    /// Bytes of a request arrived (possibly only its first).
    mutating func requestBytesArrived(now: UInt64) {
        guard state == .idle else { return }
        state = .readingHead
        // Output still owed to the peer keeps its write timeout.
        if timer == .idle { arm(.header, now: now) }
    }

    /// A request head was parsed; `expectsBody` when a body follows.
    mutating func headParsed(expectsBody: Bool, now: UInt64) {
        state = expectsBody ? .readingBody : .readingHead
        if expectsBody { arm(.body, now: now) }
    }

    /// Part of the body arrived: re-arms the body timeout.
    mutating func bodyProgress(now: UInt64) {
        guard state == .readingBody else { return }
        arm(.body, now: now)
    }

    /// The whole request is in: dispatch it and stop parsing until its response is ready.
    mutating func requestComplete(keepAlive: Bool) -> Action {
        state = .awaitingResponse(closeAfter: !keepAlive)
        timer = nil
        deadline = nil
        return .dispatch
    }

    /// The response to the dispatched request is ready; returns whether the connection stays open after it
    /// (the response then says so: no `Connection: close`).
    mutating func responseReady(draining: Bool) -> Bool {
        guard case .awaitingResponse(let closeAfter) = state else { return false }
        if closeAfter || draining || peerClosed {
            state = .closing
            return false
        }
        state = .idle
        return true
    }

    /// An error response is about to be written: it is the last, and the close lingers.
    mutating func errorResponse() {
        guard state != .closed else { return }
        state = .closing
        lingerOnClose = true
    }

    /// Input arrived after the last request and is dropped: closing at once would reset the connection
    /// under the response, so linger instead.
    mutating func inputLeftUnread() {
        if isClosing { lingerOnClose = true }
    }

    // MARK: Output

    /// Output was queued or sent; `pendingOutput` is what the socket has not taken yet.
    mutating func outputProgress(pendingOutput: Int, now: UInt64) -> Action {
        if pendingOutput > 0 {
            switch state {
            case .closed, .lingering: break
            default: arm(.write, now: now)
            }
            return .none
        }
        switch state {
        case .closing, .closingTLS:
            return closeAfterOutput(pendingOutput: 0, carriedInput: false, now: now)
        case .idle, .readingHead, .readingBody:
            if timer == .write {
                // Backpressure over: resume where reading left off.
                switch state {
                case .idle: arm(.idle, now: now)
                case .readingBody: arm(.body, now: now)
                default: arm(.header, now: now)
                }
                return .read
            }
            if state == .idle && timer != .idle { arm(.idle, now: now) }
            return .none
        default:
            return .none
        }
    }

    /// After the final response (and any TLS close_notify) has gone: close at once, as nginx does, unless
    /// input is still arriving or unread, or the response answers an error; then half-close and linger.
    /// Waits while output is pending or a parse is in progress (`endInput` comes back here).
    private mutating func closeAfterOutput(pendingOutput: Int, carriedInput: Bool, now: UInt64) -> Action {
        if parsing { return .none }
        if isTLS && state == .closing {
            state = .closingTLS
            return .sendCloseNotify
        }
        if pendingOutput > 0 { return .none }
        if peerClosed || (!lingerOnClose && !canRead && !carriedInput) {
            return .close
        }
        state = .lingering
        arm(.linger, now: now)
        return .halfCloseAndLinger
    }

    /// The close_notify is queued; `pendingOutput` counts it. Nothing to flush (no alert before a finished
    /// handshake) goes straight on to the close.
    mutating func closeNotifyQueued(pendingOutput: Int, carriedInput: Bool, now: UInt64) -> Action {
        guard state == .closingTLS else { return .none }
        return pendingOutput > 0 ? .flush : closeAfterOutput(pendingOutput: 0, carriedInput: carriedInput, now: now)
    }

    // MARK: TLS

    /// The TLS handshake finished: HTTP starts, under the header timeout.
    mutating func handshakeCompleted(now: UInt64) {
        guard state == .handshaking else { return }
        state = .readingHead
        arm(.header, now: now)
    }

    /// The peer's close_notify arrived; the plaintext before it is still to be parsed (its responses then
    /// say `Connection: close`), and `closeNotifyParsed` follows.
    mutating func closeNotifyReceived() {
        peerClosed = true
    }

    /// Everything before the peer's close_notify is parsed: answer with ours and close, unless a response is
    /// still owed; it then goes out last.
    mutating func closeNotifyParsed(pendingOutput: Int, carriedInput: Bool, now: UInt64) -> Action {
        switch state {
        case .awaitingResponse:
            state = .awaitingResponse(closeAfter: true)
            return .none
        case .closed, .lingering, .closingTLS:
            return .none
        default:
            state = .closing
            return closeAfterOutput(pendingOutput: pendingOutput, carriedInput: carriedInput, now: now)
        }
    }

    // MARK: Time and shutdown

    /// The loop's sweep: what to do if the armed timeout has expired at `now`.
    mutating func timerFired(now: UInt64) -> Action {
        guard state != .closed, let deadline, now >= deadline, let timer else { return .none }
        switch timer {
        case .body:
            return .respondRequestTimeout
        case .handshake:
            return .closeHandshakeTimedOut
        default:
            return .close
        }
    }

    /// Server shutdown: close now if nothing is in progress, otherwise after the current response.
    mutating func shutdownRequested(pendingOutput: Int) -> Action {
        switch state {
        case .closed, .closing, .closingTLS, .lingering:
            return .none
        case .awaitingResponse:
            state = .awaitingResponse(closeAfter: true)
            return .none
        default:
            if pendingOutput == 0 {
                return .close
            }
            state = .closing
            return .none
        }
    }

    /// The socket was closed (by an action, or an I/O error).
    mutating func closed() {
        state = .closed
        timer = nil
        deadline = nil
    }

    // MARK: Timers

    /// Arms `timer` from `now`. The header timeout is not re-armed by a second entry, so trickled bytes
    /// cannot extend it; body and write timeouts restart on each progress.
    private mutating func arm(_ timer: Timer, now: UInt64) {
        if timer == self.timer && deadline != nil && timer != .body && timer != .write { return }
        self.timer = timer
        deadline = now &+ timeouts.span(timer)
    }
}
