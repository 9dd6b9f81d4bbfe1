/// Decides whether a database call may start, from how recent calls ended, so that while the
/// database is known to be down requests are answered at once instead of each holding a thread
/// for the driver's full connection timeout.
///
/// Closed: calls proceed; `failureThreshold` consecutive `unavailable` outcomes open it. Open:
/// calls are refused until `probeIntervalMs` has passed; then one call goes through as a probe
/// while the others are still refused. The probe's success closes the breaker, its failure opens
/// it for another interval. Any answer from the database (even an error about the request)
/// counts as success: the breaker only tracks reachability. Pure: time is passed in.
struct CircuitBreaker: Sendable, Equatable {
    enum State: Sendable, Equatable {
        case closed(consecutiveFailures: Int)
        case open(untilMs: Int64)
        /// One call is probing the database; others are refused until it ends.
        case probing
    }

    enum Decision: Sendable, Equatable {
        case proceed
        /// Proceed as the probe: its outcome must be recorded.
        case probe
        case reject
    }

    enum Outcome: Sendable, Equatable {
        /// The database answered (successfully or with an error about the request).
        case answered
        /// The database could not be reached.
        case unavailable
        /// The call never reached the database (refused by the queue): says nothing either way.
        case notRun
    }

    let failureThreshold: Int
    let probeIntervalMs: Int64
    private(set) var state = State.closed(consecutiveFailures: 0)

    init(failureThreshold: Int = 2, probeIntervalMs: Int64 = 1_000) {
        self.failureThreshold = max(1, failureThreshold)
        self.probeIntervalMs = probeIntervalMs
    }

    /// Whether a new call may start now.
    mutating func admit(nowMs: Int64) -> Decision {
        switch state {
        case .closed: return .proceed
        case .open(let until) where nowMs >= until:
            state = .probing
            return .probe
        case .open, .probing: return .reject
        }
    }

    /// Whether a call admitted earlier, about to start now, should be dropped instead: true while
    /// the breaker is open or probing (a probe is let through by its caller).
    func refusesQueuedCall() -> Bool {
        if case .closed = state { return false }
        return true
    }

    /// Takes in how a call ended; `wasProbe` when `admit` answered `.probe` for it.
    mutating func record(_ outcome: Outcome, wasProbe: Bool, nowMs: Int64) {
        switch (outcome, state) {
        case (.answered, _):
            state = .closed(consecutiveFailures: 0)
        case (.unavailable, .closed(let failures)):
            state =
                failures + 1 >= failureThreshold
                ? .open(untilMs: nowMs + probeIntervalMs) : .closed(consecutiveFailures: failures + 1)
        case (.unavailable, .probing):
            state = .open(untilMs: nowMs + probeIntervalMs)
        case (.unavailable, .open):
            break
        case (.notRun, .probing) where wasProbe:
            // The probe never ran: let the next call probe at once.
            state = .open(untilMs: nowMs)
        case (.notRun, _):
            break
        }
    }
}
