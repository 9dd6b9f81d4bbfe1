import CEpoll
import Glibc
import Logging
import Synchronization

/// The HTTP/1.1 (optionally TLS) server: listeners and connections spread over an event loop group.
///
/// ```swift
/// let group = try EventLoopGroup(count: 2)
/// let server = try HTTPServer(configuration: configuration, group: group) { loop in MyRouter(loop: loop) }
/// try server.start()
/// ```
public final class HTTPServer: Sendable {
    /// The configuration the server was built with.
    public let configuration: HTTPServerConfiguration
    /// The loops the server runs on.
    public let group: EventLoopGroup
    private let tlsContext: TLSContext?
    private let responderFactory: @Sendable (EventLoop) -> any HTTPResponder
    private let logger: Logger

    private let connectionCount = Atomic<Int>(0)
    let connectionsPerAddress: ConnectionsPerAddress
    /// Requests per client address; nil when unlimited.
    let requestsPerAddress: RateLimiter<PeerAddress>?
    private let draining = Atomic<Bool>(false)
    private let drained = Semaphore()
    private let state = LockedValue(State())

    private struct State: Sendable {
        var contexts: [LoopBound<LoopContext>] = []
        var listeners: [LoopBound<Listener>] = []
        var port = 0
    }

    /// Creates the server; `responderFactory` is called once per loop, on that loop, so a responder that is
    /// an actor can take the loop as its executor.
    public init(
        configuration: HTTPServerConfiguration,
        group: EventLoopGroup,
        logger: Logger = Logger(label: "agent-metrics.http"),
        responderFactory: @escaping @Sendable (EventLoop) -> any HTTPResponder
    ) throws(TLSError) {
        self.configuration = configuration
        self.group = group
        self.logger = logger
        self.responderFactory = responderFactory
        connectionsPerAddress = ConnectionsPerAddress(limit: configuration.maxConnectionsPerAddress)
        requestsPerAddress = configuration.rateLimitPerAddress.map { RateLimiter(limit: $0) }
        tlsContext = try configuration.tls.map { configuration throws(TLSError) in
            try TLSContext(configuration: configuration)
        }
    }

    /// The bound port (useful after binding port 0).
    public var localPort: Int { state.withLock { $0.port } }

    /// The number of open connections.
    public var openConnections: Int { connectionCount.load(ordering: .relaxed) }

    /// Binds the listeners and starts accepting.
    public func start() throws(IOError) {
        var port = configuration.port
        let reusePort = configuration.acceptMode == .reusePort
        for loop in group.loops {
            var listenerFD: Int32?
            if reusePort || loop.index == 0 {
                let fd = try ListeningSocket.open(host: configuration.host, port: port, reusePort: reusePort)
                port = ListeningSocket.localPort(fd)
                listenerFD = fd
            }
            let fdToRegister = listenerFD
            let result: Result<Void, IOError> = loop.submitAndWait { [self] in
                let context = LoopContext(loop: loop, server: self, responder: responderFactory(loop), logger: logger)
                state.withLock { $0.contexts.append(LoopBound(context, on: loop)) }
                guard let fdToRegister else { return .success(()) }
                let listener = Listener(fd: fdToRegister, context: context)
                do throws(IOError) {
                    try loop.register(fd: fdToRegister, events: EPOLLIN.rawValue, handler: listener)
                } catch {
                    return .failure(error)
                }
                state.withLock { $0.listeners.append(LoopBound(listener, on: loop)) }
                return .success(())
            }
            try result.get()
        }
        state.withLock { $0.port = port }
        logger.info(
            "listening",
            metadata: ["port": "\(port)", "loops": "\(group.loops.count)", "tls": "\(tlsContext != nil)"]
        )
    }

    /// Re-reads the TLS certificate and key; new connections use them, open ones are untouched.
    public func reloadTLS() throws(TLSError) {
        try tlsContext?.reload()
    }

    /// Stops accepting, lets in-flight requests finish (up to the drain timeout), closes idle connections,
    /// then closes whatever is left. Blocks the calling thread, which must not be a loop.
    public func shutdown() {
        draining.store(true, ordering: .sequentiallyConsistent)
        for loop in group.loops {
            loop.submitAndWait { [self] in
                state.withLock { state in
                    for listener in state.listeners where listener.loopIndex == loop.index { listener.value.close() }
                }
                context(for: loop).draining = true
                loop.forEachRegistered { ($0 as? HTTPConnection)?.beginDrain() }
            }
        }
        if connectionCount.load(ordering: .sequentiallyConsistent) > 0 {
            _ = drained.wait(timeout: configuration.timeouts.drain)
        }
        for loop in group.loops {
            loop.submitAndWait {
                loop.forEachRegistered { ($0 as? HTTPConnection)?.close() }
            }
        }
        logger.info("stopped")
    }

    // MARK: Connections

    /// Gives an accepted socket to a loop (this one, or the next in turn with a single acceptor), or refuses
    /// it when the server, or the client's address, is at its connection limit.
    func place(_ fd: Int32, peer: PeerAddress?, from context: LoopContext) {
        let count = connectionCount.add(1, ordering: .relaxed).newValue
        if count > configuration.maxConnections || context.draining {
            refuse(fd, message: "The server is at its connection limit; retry shortly.", on: context)
            return
        }
        if let peer, !connectionsPerAddress.acquire(peer) {
            refuse(
                fd, message: "Too many open connections from your address; reuse or close some, then retry.",
                on: context)
            return
        }
        ListeningSocket.configureAccepted(fd)
        if configuration.acceptMode == .single && group.loops.count > 1 {
            let target = group.next()
            if target !== context.loop {
                target.execute { [self] in open(fd, peer: peer, on: self.context(for: target)) }
                return
            }
        }
        open(fd, peer: peer, on: context)
    }

    @discardableResult
    private func open(_ fd: Int32, peer: PeerAddress?, on context: LoopContext) -> HTTPConnection? {
        var session: TLSSession?
        if let tlsContext {
            guard let made = try? tlsContext.makeSession() else {
                Syscall.close(fd)
                connectionClosed(peer: peer)
                return nil
            }
            session = made
        }
        let connection = HTTPConnection(fd: fd, context: context, tls: session, peer: peer)
        do {
            try context.loop.register(
                fd: fd,
                events: EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue,
                handler: connection
            )
            context.metrics.openConnections.increment()
            armSweep(context)
            return connection
        } catch {
            Syscall.close(fd)
            connectionClosed(peer: peer)
            return nil
        }
    }

    /// Over a connection limit: a short 503 for plain HTTP, closed like any other error response (lingering,
    /// so a client that already sent its request reads the answer instead of a reset); TLS sockets just close.
    private func refuse(_ fd: Int32, message: String, on context: LoopContext) {
        guard tlsContext == nil else {
            Syscall.close(fd)
            connectionClosed(peer: nil)
            return
        }
        let error = HTTPError(
            .serviceUnavailable,
            code: "too_many_connections",
            message: message,
            headers: HTTPHeaders([("Retry-After", "1")])
        )
        ListeningSocket.configureAccepted(fd)
        // Not counted against the address (`peer: nil`): the refusal must not take one of its slots.
        open(fd, peer: nil, on: context)?.fail(error)
    }

    /// Called when a connection's socket is closed; `peer` is the address it was counted against.
    func connectionClosed(peer: PeerAddress?) {
        if let peer { connectionsPerAddress.release(peer) }
        let remaining = connectionCount.subtract(1, ordering: .sequentiallyConsistent).newValue
        if remaining == 0 && draining.load(ordering: .sequentiallyConsistent) {
            drained.signal()
        }
    }

    private func context(for loop: EventLoop) -> LoopContext {
        state.withLock { state in state.contexts.first { $0.loopIndex == loop.index }! }.value
    }

    /// Checks every connection's deadline a few times per shortest timeout, while the loop has connections:
    /// the sweep stops (after flushing the loop's byte counters) once it finds none, and the next connection
    /// arms it again, so an idle loop sleeps instead of waking a few times a second.
    private func armSweep(_ context: LoopContext) {
        guard !context.sweepArmed else { return }
        context.sweepArmed = true
        let timeouts = configuration.timeouts
        let shortest = [timeouts.headerRead, timeouts.idle, timeouts.bodyRead, timeouts.write].min()!
        let interval = min(max(shortest / 8, .milliseconds(10)), .milliseconds(250))
        func sweep() {
            let now = Monotonic.now()
            var connections = 0
            context.loop.forEachRegistered {
                guard let connection = $0 as? HTTPConnection else { return }
                connections += 1
                connection.checkTimeout(now: now)
            }
            context.metrics.flush()
            guard connections > 0 else {
                context.sweepArmed = false
                return
            }
            context.loop.schedule(after: interval, sweep)
        }
        context.loop.schedule(after: interval, sweep)
    }
}
