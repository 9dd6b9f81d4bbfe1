import Glibc
import HTTPCore

/// Drives one event loop's share of the load: its connections, its request source, its statistics.
///
/// Everything here runs on `loop`'s thread; the runner reaches it only through `loop.execute`.
final class LoadWorker {
    let loop: EventLoop
    let address: SocketAddress
    let tlsContext: TLSClientContext?
    let settings: WorkerSettings
    let source: any RequestSource
    /// The loop's read buffer, shared by its connections (a loop reads one socket at a time).
    let readBuffer: UnsafeMutableRawBufferPointer
    let plaintextBuffer: UnsafeMutableRawBufferPointer

    private(set) var statistics: LoadStatistics
    private var connections: [LoadConnection] = []
    /// Open loop: connections with room for another request, used as a stack.
    private var free: [LoadConnection] = []
    private var pacer: OpenLoopPacer?
    private var pacerTimerArmed = false
    private var measuring = false
    private(set) var measureStart: UInt64 = 0
    private var stopping = false
    private var stopDeadline: UInt64 = 0
    private var onStopped: (() -> Void)?
    private var sweepTimer: TimerHandle?

    /// Every response since start, warm-up included (for the progress line).
    private(set) var completedTotal: UInt64 = 0
    /// `connections` scenario counters.
    private(set) var hold = HoldCounters()

    struct HoldCounters {
        var established = 0
        var closedByServer = 0
        var failed = 0
    }

    init(
        loop: EventLoop, address: SocketAddress, tlsContext: TLSClientContext?, settings: WorkerSettings,
        source: any RequestSource
    ) {
        self.loop = loop
        self.address = address
        self.tlsContext = tlsContext
        self.settings = settings
        self.source = source
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        plaintextBuffer = .allocate(byteCount: 32 * 1024, alignment: 16)
        statistics = LoadStatistics(labels: settings.labels)
    }

    deinit {
        readBuffer.deallocate()
        plaintextBuffer.deallocate()
    }

    // MARK: Control (from the runner, on the loop)

    /// Opens the connections and starts sending.
    func start() {
        loop.assertInLoop()
        let now = Monotonic.now()
        if let rate = settings.rate { pacer = OpenLoopPacer(start: now, rate: rate) }
        for _ in 0..<settings.connections {
            let connection = LoadConnection(
                worker: self, pipeline: settings.pipeline, captureBodies: source.capturesBodies)
            connections.append(connection)
            connection.connect()
        }
        scheduleSweep()
    }

    /// Discards what was recorded so far (the warm-up) and starts the measured window.
    func beginMeasuring() {
        statistics = LoadStatistics(labels: settings.labels)
        measuring = true
        measureStart = Monotonic.now()
    }

    /// Ends the measured window; returns what it recorded and its length in nanoseconds.
    func endMeasuring() -> (LoadStatistics, UInt64) {
        measuring = false
        let now = Monotonic.now()
        var result = statistics
        if let pacer { result.missedSends = pacer.backlog(now: now) }
        return (result, now - measureStart)
    }

    /// `connections` scenario: sends one request on every open connection to see that it still works.
    func probeHeldConnections() {
        statistics = LoadStatistics(labels: settings.labels)
        measuring = true
        measureStart = Monotonic.now()
        let now = Monotonic.now()
        for connection in connections where connection.isReady && connection.inFlight.isEmpty {
            connection.send(source.nextRequest(), intended: now, now: now)
        }
    }

    /// Stops sending; waits up to `drain` for outstanding responses (so ingest learns which batches were
    /// acknowledged), then closes everything and calls `done`.
    func stop(drain: Duration, done: @escaping () -> Void) {
        stopping = true
        stopDeadline = Monotonic.now() &+ Monotonic.nanoseconds(drain)
        onStopped = done
        finishStopIfDrained()
    }

    private func finishStopIfDrained() {
        guard stopping, let done = onStopped else { return }
        let outstanding = connections.contains { !$0.inFlight.isEmpty }
        guard !outstanding || Monotonic.now() >= stopDeadline else { return }
        onStopped = nil
        if let sweepTimer { loop.cancel(sweepTimer) }
        for connection in connections {
            for entry in connection.drainInFlight() {
                source.complete(token: entry.token, response: nil, statistics: &statistics)
            }
            connection.close()
        }
        connections = []
        free = []
        done()
    }

    // MARK: Events from connections

    func bytesRead(_ count: Int) {
        if measuring { statistics.bytesRead &+= UInt64(count) }
    }

    func bytesWritten(_ count: Int) {
        if measuring { statistics.bytesWritten &+= UInt64(count) }
    }

    func connectionReady(_ connection: LoadConnection) {
        hold.established += 1
        if settings.holdIdle {
            if !stopping { connection.send(source.nextRequest(), intended: Monotonic.now(), now: Monotonic.now()) }
            return
        }
        refill(connection)
    }

    @inline(__always)
    func responseArrived(_ response: ParsedResponse, entry: InFlightQueue.Entry, now: UInt64) {
        completedTotal &+= 1
        if measuring {
            statistics.recordResponse(
                status: response.status, latencyNanos: now &- entry.intended, label: entry.label)
        }
        source.complete(token: entry.token, response: response, statistics: &statistics)
    }

    /// After a read delivered responses: the connection has room again.
    func responsesDelivered(_ connection: LoadConnection) {
        if stopping {
            finishStopIfDrained()
            return
        }
        if !settings.holdIdle { refill(connection) }
    }

    func connectionClosedCleanly(_ connection: LoadConnection) {
        if settings.holdIdle {
            if !stopping { hold.closedByServer += 1 }
            return
        }
        reconnect(connection, after: nil)
    }

    func connectionFailed(_ connection: LoadConnection, _ kind: ErrorKind, errno: Int32) {
        if measuring || settings.holdIdle { statistics.recordError(kind) }
        for entry in connection.drainInFlight() {
            source.complete(token: entry.token, response: nil, statistics: &statistics)
        }
        if settings.holdIdle {
            if kind == .connect { hold.failed += 1 } else if !stopping { hold.closedByServer += 1 }
            return
        }
        // Back off after a refused connect so a down server is not hammered in a tight loop.
        reconnect(connection, after: kind == .connect ? .milliseconds(100) : nil)
    }

    private func reconnect(_ connection: LoadConnection, after delay: Duration?) {
        if connection.isListedFree, let index = free.firstIndex(where: { $0 === connection }) {
            free.remove(at: index)
            connection.isListedFree = false
        }
        if stopping {
            finishStopIfDrained()
            return
        }
        if let delay {
            loop.schedule(after: delay) { [weak self, weak connection] in
                guard let self, let connection, !self.stopping else { return }
                connection.connect()
            }
        } else {
            connection.connect()
        }
    }

    // MARK: Sending

    private func refill(_ connection: LoadConnection) {
        guard !stopping, connection.isReady else { return }
        if pacer != nil {
            if !connection.isListedFree && connection.inFlight.count < settings.pipeline {
                connection.isListedFree = true
                free.append(connection)
            }
            pump()
            return
        }
        let room = settings.pipeline - connection.inFlight.count
        guard room > 0 else { return }
        if room == 1 {
            let now = Monotonic.now()
            connection.send(source.nextRequest(), intended: now, now: now)
            return
        }
        let now = Monotonic.now()
        for _ in 0..<room where connection.isReady {
            connection.send(source.nextRequest(), intended: now, now: now, flushNow: false)
        }
        connection.flush()
    }

    /// Open loop: sends every request that is due on free connections; arms a timer for the next one.
    private func pump() {
        guard var pacer, !stopping else { return }
        let now = Monotonic.now()
        while let connection = free.last {
            guard connection.isReady else {
                free.removeLast()
                connection.isListedFree = false
                continue
            }
            guard let intended = pacer.takeDue(now: now) else { break }
            connection.send(source.nextRequest(), intended: intended, now: now)
            if !connection.isReady || connection.inFlight.count >= settings.pipeline {
                if let last = free.last, last === connection {
                    free.removeLast()
                }
                connection.isListedFree = false
            }
        }
        self.pacer = pacer
        let next = pacer.nextDueTime
        if next > now && !pacerTimerArmed {
            pacerTimerArmed = true
            loop.schedule(after: .nanoseconds(Int64(next - now))) { [weak self] in
                guard let self else { return }
                self.pacerTimerArmed = false
                self.pump()
            }
        }
    }

    // MARK: Timeouts

    private func scheduleSweep() {
        sweepTimer = loop.schedule(after: .milliseconds(100)) { [weak self] in
            guard let self else { return }
            self.sweep()
            if !self.connections.isEmpty { self.scheduleSweep() }
        }
    }

    private func sweep() {
        let now = Monotonic.now()
        for connection in connections {
            switch connection.state {
            case .connecting, .handshaking:
                if now &- connection.connectStarted > settings.connectTimeout {
                    connection.fail(.connect, errno: ETIMEDOUT)
                }
            case .ready:
                if let oldest = connection.inFlight.oldest, now &- oldest.sent > settings.timeout {
                    connection.fail(.timeout, errno: ETIMEDOUT)
                }
            case .idle, .closed:
                break
            }
        }
        finishStopIfDrained()
    }
}
