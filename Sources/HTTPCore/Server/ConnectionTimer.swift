/// Which timeout applies to a connection, decided from its phase; the connection only acts on expiry.
///
/// A plain value driven with explicit times, so tests control the clock.
public struct ConnectionTimer: Sendable, Equatable {
    /// What a connection is doing, as far as timeouts care.
    public enum Phase: Sendable, Equatable {
        /// TLS handshake in progress.
        case handshake
        /// Waiting for (the rest of) a request head; the header-read timeout applies.
        case readingHead
        /// Reading a request body; each progress re-arms the body-read timeout.
        case readingBody
        /// A handler is running; no timeout (handlers have their own).
        case processing
        /// Output is waiting for the peer to read; each progress re-arms the write timeout.
        case writing
        /// Keep-alive with no request in progress.
        case idle
        /// After an error response: waiting briefly for the peer to finish sending before closing.
        case lingering
    }

    /// What the connection should do when the deadline passes.
    public enum Expiry: Sendable, Equatable {
        case close
        case respondRequestTimeout
    }

    /// The current phase.
    public private(set) var phase: Phase
    /// Monotonic nanoseconds at which the phase's timeout expires; `nil` when none applies.
    public private(set) var deadline: UInt64?
    private let timeouts: Timeouts

    /// The durations in nanoseconds.
    public struct Timeouts: Sendable, Equatable {
        public var handshake: UInt64
        public var headerRead: UInt64
        public var idle: UInt64
        public var bodyRead: UInt64
        public var write: UInt64
        public var linger: UInt64

        /// Converts the server's configured timeouts.
        public init(_ configuration: HTTPServerConfiguration.Timeouts, handshake: Duration) {
            self.handshake = Monotonic.nanoseconds(handshake)
            headerRead = Monotonic.nanoseconds(configuration.headerRead)
            idle = Monotonic.nanoseconds(configuration.idle)
            bodyRead = Monotonic.nanoseconds(configuration.bodyRead)
            write = Monotonic.nanoseconds(configuration.write)
            linger = 2_000_000_000
        }
    }

    /// Starts in `phase` at `now`.
    public init(timeouts: Timeouts, phase: Phase, now: UInt64) {
        self.timeouts = timeouts
        self.phase = phase
        self.deadline = nil
        enter(phase, now: now)
    }

    /// Moves to `phase`, arming its timeout from `now`. Entering the phase it is already in re-arms only
    /// for phases measured between progress events (body, write); the header timeout is not extended by
    /// each trickled byte, which is what drops slowloris clients.
    public mutating func enter(_ phase: Phase, now: UInt64) {
        if phase == self.phase && deadline != nil && phase != .readingBody && phase != .writing { return }
        self.phase = phase
        let span: UInt64? =
            switch phase {
            case .handshake: timeouts.handshake
            case .readingHead: timeouts.headerRead
            case .readingBody: timeouts.bodyRead
            case .processing: nil
            case .writing: timeouts.write
            case .idle: timeouts.idle
            case .lingering: timeouts.linger
            }
        deadline = span.map { now &+ $0 }
    }

    /// What to do if the deadline has passed at `now`, or `nil` while it has not.
    public func expiry(now: UInt64) -> Expiry? {
        guard let deadline, now >= deadline else { return nil }
        return phase == .readingBody ? .respondRequestTimeout : .close
    }
}
