import Testing

@testable import HTTPCore

/// Every transition of the connection's lifecycle, driven with explicit times and no socket: each row starts a
/// machine, replays a history, applies one event, and checks the action, the state and the armed timeout.
struct HTTPConnectionStateMachineTests {
    typealias Machine = HTTPConnectionStateMachine

    static let second: UInt64 = 1_000_000_000
    static let highWaterMark = 100

    static var timeouts: Machine.Timeouts {
        var configuration = HTTPServerConfiguration.Timeouts()
        configuration.headerRead = .seconds(10)
        configuration.idle = .seconds(60)
        configuration.bodyRead = .seconds(30)
        configuration.write = .seconds(5)
        return Machine.Timeouts(configuration, handshake: .seconds(3))
    }

    /// One event, at a time in seconds.
    enum Event: Sendable, CustomStringConvertible {
        case readable, writable(pending: Int), readDrained, writeBlocked, readEOF
        case beginInput, endInput(pending: Int, carried: Bool)
        case bytesArrived, headParsed(expectsBody: Bool), bodyProgress, requestComplete(keepAlive: Bool)
        case responseReady(draining: Bool), errorResponse, inputLeftUnread, outputProgress(pending: Int)
        case handshakeCompleted, closeNotifyReceived, closeNotifyParsed(pending: Int, carried: Bool)
        case closeNotifyQueued(pending: Int)
        case timerFired, shutdown(pending: Int), closed

        var description: String { "\(self)" }
    }

    struct Step: Sendable {
        var event: Event
        var at: UInt64
        init(_ event: Event, at seconds: UInt64 = 0) {
            self.event = event
            self.at = seconds
        }
    }

    /// Applies `event`; events that return no action report `.none` (`beginInput` reports `.read` when the
    /// input was taken, `responseReady` `.none`: its answer shows in the state).
    static func apply(_ step: Step, to machine: inout Machine) -> Machine.Action {
        let now = step.at * second
        switch step.event {
        case .readable: return machine.readable()
        case .writable(let pending): return machine.writable(pendingOutput: pending)
        case .readDrained: machine.readDrained()
        case .writeBlocked: machine.writeBlocked()
        case .readEOF: return machine.readEOF()
        case .beginInput: return machine.beginInput() ? .read : .none
        case .endInput(let pending, let carried):
            return machine.endInput(pendingOutput: pending, carriedInput: carried, now: now)
        case .bytesArrived: machine.requestBytesArrived(now: now)
        case .headParsed(let expectsBody): machine.headParsed(expectsBody: expectsBody, now: now)
        case .bodyProgress: machine.bodyProgress(now: now)
        case .requestComplete(let keepAlive): return machine.requestComplete(keepAlive: keepAlive)
        case .responseReady(let draining): _ = machine.responseReady(draining: draining)
        case .errorResponse: machine.errorResponse()
        case .inputLeftUnread: machine.inputLeftUnread()
        case .outputProgress(let pending): return machine.outputProgress(pendingOutput: pending, now: now)
        case .handshakeCompleted: machine.handshakeCompleted(now: now)
        case .closeNotifyReceived: machine.closeNotifyReceived()
        case .closeNotifyParsed(let pending, let carried):
            return machine.closeNotifyParsed(pendingOutput: pending, carriedInput: carried, now: now)
        case .closeNotifyQueued(let pending):
            return machine.closeNotifyQueued(pendingOutput: pending, carriedInput: false, now: now)
        case .timerFired: return machine.timerFired(now: now)
        case .shutdown(let pending): return machine.shutdownRequested(pendingOutput: pending)
        case .closed: machine.closed()
        }
        return .none
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var tls = false
        var history: [Step]
        var event: Step
        var action: Machine.Action
        var state: Machine.State
        /// The armed timeout and its deadline in seconds; `nil` when none is armed.
        var timer: (Machine.Timer, UInt64)?
        var testDescription: String { name }
    }

    // Histories that reach the common states.
    static let request: [Step] = [
        Step(.bytesArrived), Step(.headParsed(expectsBody: false)), Step(.requestComplete(keepAlive: true)),
    ]
    static let idle: [Step] =
        request + [Step(.responseReady(draining: false)), Step(.outputProgress(pending: 0), at: 1)]
    static let closingPlain: [Step] = [Step(.errorResponse)]
    static let handshaken: [Step] = [Step(.handshakeCompleted, at: 1)]

    static let rows: [Row] = [
        // Start.
        Row(
            name: "plain starts reading a head under the header timeout", history: [], event: Step(.readDrained),
            action: .none, state: .readingHead, timer: (.header, 10)),
        Row(
            name: "TLS starts handshaking under the handshake timeout", tls: true, history: [],
            event: Step(.readDrained),
            action: .none, state: .handshaking, timer: (.handshake, 3)),
        // TLS handshake.
        Row(
            name: "handshake done: read a head", tls: true, history: [], event: Step(.handshakeCompleted, at: 2),
            action: .none, state: .readingHead, timer: (.header, 12)),
        Row(
            name: "handshake timeout closes and says why", tls: true, history: [], event: Step(.timerFired, at: 3),
            action: .closeHandshakeTimedOut, state: .handshaking, timer: (.handshake, 3)),
        Row(
            name: "handshake timer before its deadline does nothing", tls: true, history: [],
            event: Step(.timerFired, at: 2), action: .none, state: .handshaking, timer: (.handshake, 3)),
        // Readiness.
        Row(
            name: "input edge reads", history: [], event: Step(.readable), action: .read, state: .readingHead,
            timer: (.header, 10)),
        Row(
            name: "output edge flushes pending output", history: [Step(.writeBlocked)],
            event: Step(.writable(pending: 5)), action: .flush, state: .readingHead, timer: (.header, 10)),
        Row(
            name: "output edge with nothing queued does nothing", history: [], event: Step(.writable(pending: 0)),
            action: .none, state: .readingHead, timer: (.header, 10)),
        Row(
            name: "input edge while lingering discards",
            history: closingPlain + [Step(.readable), Step(.outputProgress(pending: 0))],
            event: Step(.readable), action: .discardInput, state: .lingering, timer: (.linger, 2)),
        Row(
            name: "events after close do nothing", history: [Step(.closed)], event: Step(.readable), action: .none,
            state: .closed, timer: nil),
        // Reading requests.
        Row(
            name: "EOF between requests closes", history: idle, event: Step(.readEOF), action: .close, state: .idle,
            timer: (.idle, 61)),
        Row(
            name: "EOF with a response owed waits for it", history: request, event: Step(.readEOF), action: .none,
            state: .awaitingResponse(closeAfter: false), timer: nil),
        Row(
            name: "first byte after idle arms the header timeout", history: idle, event: Step(.bytesArrived, at: 5),
            action: .none, state: .readingHead, timer: (.header, 15)),
        Row(
            name: "trickled bytes do not extend the header timeout", history: [],
            event: Step(.bytesArrived, at: 9), action: .none, state: .readingHead, timer: (.header, 10)),
        Row(
            name: "header timeout closes", history: [], event: Step(.timerFired, at: 10), action: .close,
            state: .readingHead, timer: (.header, 10)),
        Row(
            name: "head with a body arms the body timeout", history: [Step(.bytesArrived)],
            event: Step(.headParsed(expectsBody: true), at: 2), action: .none, state: .readingBody, timer: (.body, 32)),
        Row(
            name: "body progress re-arms the body timeout", history: [Step(.headParsed(expectsBody: true))],
            event: Step(.bodyProgress, at: 20), action: .none, state: .readingBody, timer: (.body, 50)),
        Row(
            name: "body timeout answers 408", history: [Step(.headParsed(expectsBody: true))],
            event: Step(.timerFired, at: 30), action: .respondRequestTimeout, state: .readingBody, timer: (.body, 30)),
        Row(
            name: "complete request is dispatched with no timeout", history: [Step(.headParsed(expectsBody: false))],
            event: Step(.requestComplete(keepAlive: true)), action: .dispatch,
            state: .awaitingResponse(closeAfter: false), timer: nil),
        Row(
            name: "request without keep-alive will be the last", history: [],
            event: Step(.requestComplete(keepAlive: false)), action: .dispatch,
            state: .awaitingResponse(closeAfter: true), timer: nil),
        Row(
            name: "handler time is not limited", history: request, event: Step(.timerFired, at: 1000), action: .none,
            state: .awaitingResponse(closeAfter: false), timer: nil),
        // Responses and keep-alive.
        Row(
            name: "keep-alive response returns to idle", history: request, event: Step(.responseReady(draining: false)),
            action: .none, state: .idle, timer: nil),
        Row(
            name: "response written whole arms the idle timeout",
            history: request + [Step(.responseReady(draining: false))], event: Step(.outputProgress(pending: 0), at: 1),
            action: .none, state: .idle, timer: (.idle, 61)),
        Row(
            name: "idle timeout closes", history: idle, event: Step(.timerFired, at: 61), action: .close, state: .idle,
            timer: (.idle, 61)),
        Row(
            name: "response to a close request is final", history: [Step(.requestComplete(keepAlive: false))],
            event: Step(.responseReady(draining: false)), action: .none, state: .closing, timer: nil),
        Row(
            name: "response while draining is final", history: request, event: Step(.responseReady(draining: true)),
            action: .none, state: .closing, timer: nil),
        Row(
            name: "response after the peer's EOF is final", history: request + [Step(.readEOF)],
            event: Step(.responseReady(draining: false)), action: .none, state: .closing, timer: nil),
        // Backpressure.
        Row(
            name: "stuck output arms the write timeout", history: request + [Step(.responseReady(draining: false))],
            event: Step(.outputProgress(pending: 500), at: 1), action: .none, state: .idle, timer: (.write, 6)),
        Row(
            name: "output progress re-arms the write timeout",
            history: request + [Step(.responseReady(draining: false)), Step(.outputProgress(pending: 500), at: 1)],
            event: Step(.outputProgress(pending: 200), at: 4), action: .none, state: .idle, timer: (.write, 9)),
        Row(
            name: "drained output resumes reading",
            history: request + [Step(.responseReady(draining: false)), Step(.outputProgress(pending: 500), at: 1)],
            event: Step(.outputProgress(pending: 0), at: 4), action: .read, state: .idle, timer: (.idle, 64)),
        Row(
            name: "write timeout closes",
            history: request + [Step(.responseReady(draining: false)), Step(.outputProgress(pending: 500), at: 1)],
            event: Step(.timerFired, at: 6), action: .close, state: .idle, timer: (.write, 6)),
        Row(
            name: "pipelined bytes under stuck output keep the write timeout",
            history: request + [Step(.responseReady(draining: false)), Step(.outputProgress(pending: 50), at: 1)],
            event: Step(.bytesArrived, at: 2), action: .none, state: .readingHead, timer: (.write, 6)),
        Row(
            name: "drained output mid-body resumes the body timeout",
            history: [Step(.headParsed(expectsBody: true)), Step(.outputProgress(pending: 25), at: 1)],
            event: Step(.outputProgress(pending: 0), at: 2), action: .read, state: .readingBody, timer: (.body, 32)),
        // Closing after the final response.
        Row(
            name: "final response sent, nothing unread: close at once",
            history: [Step(.requestComplete(keepAlive: false)), Step(.responseReady(draining: false))],
            event: Step(.outputProgress(pending: 0)), action: .close, state: .closing, timer: nil),
        Row(
            name: "final response still queued: wait",
            history: [Step(.requestComplete(keepAlive: false)), Step(.responseReady(draining: false))],
            event: Step(.outputProgress(pending: 10), at: 1), action: .none, state: .closing, timer: (.write, 6)),
        Row(
            name: "error response sent: linger", history: closingPlain, event: Step(.outputProgress(pending: 0), at: 1),
            action: .halfCloseAndLinger, state: .lingering, timer: (.linger, 3)),
        Row(
            name: "unread input after the final response: linger",
            history: [
                Step(.requestComplete(keepAlive: false)), Step(.responseReady(draining: false)), Step(.inputLeftUnread),
            ],
            event: Step(.outputProgress(pending: 0)), action: .halfCloseAndLinger, state: .lingering,
            timer: (.linger, 2)),
        Row(
            name: "socket still readable after the final response: linger",
            history: [
                Step(.readable), Step(.requestComplete(keepAlive: false)), Step(.responseReady(draining: false)),
            ],
            event: Step(.outputProgress(pending: 0)), action: .halfCloseAndLinger, state: .lingering,
            timer: (.linger, 2)),
        Row(
            name: "error after the peer's EOF: close, nobody to linger for",
            history: [Step(.readEOF), Step(.errorResponse)],
            event: Step(.outputProgress(pending: 0)), action: .close, state: .closing, timer: (.header, 10)),
        Row(
            name: "final response inside a parse waits for its end",
            history: closingPlain + [Step(.beginInput)], event: Step(.outputProgress(pending: 0)), action: .none,
            state: .closing, timer: (.header, 10)),
        Row(
            name: "end of that parse closes",
            history: closingPlain + [Step(.beginInput), Step(.outputProgress(pending: 0))],
            event: Step(.endInput(pending: 0, carried: true)), action: .halfCloseAndLinger, state: .lingering,
            timer: (.linger, 2)),
        Row(
            name: "a parse is not re-entered", history: [Step(.beginInput)], event: Step(.beginInput), action: .none,
            state: .readingHead, timer: (.header, 10)),
        Row(
            name: "linger timeout closes", history: closingPlain + [Step(.outputProgress(pending: 0))],
            event: Step(.timerFired, at: 2), action: .close, state: .lingering, timer: (.linger, 2)),
        // TLS shutdown.
        Row(
            name: "TLS final response: queue close_notify", tls: true, history: handshaken + closingPlain,
            event: Step(.outputProgress(pending: 0)), action: .sendCloseNotify, state: .closingTLS,
            timer: (.header, 11)),
        Row(
            name: "close_notify queued: flush it", tls: true,
            history: handshaken + closingPlain + [Step(.outputProgress(pending: 0))],
            event: Step(.closeNotifyQueued(pending: 31)), action: .flush, state: .closingTLS, timer: (.header, 11)),
        Row(
            name: "close_notify flushed: linger after an error", tls: true,
            history: handshaken + closingPlain + [
                Step(.outputProgress(pending: 0)), Step(.closeNotifyQueued(pending: 31)),
            ],
            event: Step(.outputProgress(pending: 0), at: 2), action: .halfCloseAndLinger, state: .lingering,
            timer: (.linger, 4)),
        Row(
            name: "no close_notify to send (handshake unfinished): close", tls: true,
            history: [Step(.shutdown(pending: 1)), Step(.outputProgress(pending: 0))],
            event: Step(.closeNotifyQueued(pending: 0)), action: .close, state: .closingTLS, timer: (.handshake, 3)),
        Row(
            name: "peer's close_notify between requests: answer and close", tls: true,
            history: handshaken + [Step(.closeNotifyReceived)],
            event: Step(.closeNotifyParsed(pending: 0, carried: false)),
            action: .sendCloseNotify, state: .closingTLS, timer: (.header, 11)),
        Row(
            name: "peer's close_notify with a response owed: it goes out last", tls: true,
            history: handshaken + request + [Step(.closeNotifyReceived)],
            event: Step(.closeNotifyParsed(pending: 0, carried: false)), action: .none,
            state: .awaitingResponse(closeAfter: true), timer: nil),
        Row(
            name: "peer's close_notify: the plaintext before it is answered without keep-alive", tls: true,
            history: handshaken + request + [Step(.closeNotifyReceived)], event: Step(.responseReady(draining: false)),
            action: .none, state: .closing, timer: nil),
        Row(
            name: "close_notify sent after the peer's: close, no linger", tls: true,
            history: handshaken + [Step(.closeNotifyReceived), Step(.closeNotifyParsed(pending: 0, carried: false))],
            event: Step(.closeNotifyQueued(pending: 0)), action: .close, state: .closingTLS, timer: (.header, 11)),
        // Shutdown.
        Row(
            name: "shutdown closes an idle connection", history: idle, event: Step(.shutdown(pending: 0)),
            action: .close, state: .idle, timer: (.idle, 61)),
        Row(
            name: "shutdown lets the in-flight response finish, then closes", history: request,
            event: Step(.shutdown(pending: 0)), action: .none, state: .awaitingResponse(closeAfter: true), timer: nil),
        Row(
            name: "shutdown with output still queued closes after it", history: idle,
            event: Step(.shutdown(pending: 40)), action: .none, state: .closing, timer: (.idle, 61)),
        Row(
            name: "shutdown while closing changes nothing", history: closingPlain, event: Step(.shutdown(pending: 0)),
            action: .none, state: .closing, timer: (.header, 10)),
        Row(name: "closed", history: idle, event: Step(.closed), action: .none, state: .closed, timer: nil),
        // Events that do not apply in the current state change nothing.
        Row(
            name: "output edge after close does nothing", history: [Step(.closed)],
            event: Step(.writable(pending: 5)), action: .none, state: .closed, timer: nil),
        Row(
            name: "timer after close does nothing", history: [Step(.closed)], event: Step(.timerFired, at: 100),
            action: .none, state: .closed, timer: nil),
        Row(
            name: "body progress outside a body does not re-arm", history: [],
            event: Step(.bodyProgress, at: 5), action: .none, state: .readingHead, timer: (.header, 10)),
        Row(
            name: "input left before the last request does not force a linger",
            history: [
                Step(.inputLeftUnread), Step(.requestComplete(keepAlive: false)), Step(.responseReady(draining: false)),
            ],
            event: Step(.outputProgress(pending: 0)), action: .close, state: .closing, timer: nil),
        Row(
            name: "a second handshake completion changes nothing", tls: true, history: handshaken,
            event: Step(.handshakeCompleted, at: 5), action: .none, state: .readingHead, timer: (.header, 11)),
        Row(
            name: "shutdown during the handshake closes", tls: true, history: [], event: Step(.shutdown(pending: 0)),
            action: .close, state: .handshaking, timer: (.handshake, 3)),
        Row(
            name: "close_notify while lingering changes nothing", tls: true,
            history: handshaken + closingPlain + [
                Step(.outputProgress(pending: 0)), Step(.closeNotifyQueued(pending: 0)),
            ],
            event: Step(.closeNotifyParsed(pending: 0, carried: false)), action: .none, state: .lingering,
            timer: (.linger, 2)),
        Row(
            name: "a parse cannot start after close", history: [Step(.closed)], event: Step(.beginInput),
            action: .none, state: .closed, timer: nil),
        Row(
            name: "end of a parse with no final response does nothing", history: [Step(.beginInput)],
            event: Step(.endInput(pending: 0, carried: true)), action: .none, state: .readingHead,
            timer: (.header, 10)),
    ]

    @Test(arguments: rows)
    func transition(_ row: Row) {
        var machine = Machine(timeouts: Self.timeouts, tls: row.tls, writeHighWaterMark: Self.highWaterMark, now: 0)
        for step in row.history { _ = Self.apply(step, to: &machine) }
        let action = Self.apply(row.event, to: &machine)
        #expect(action == row.action)
        #expect(machine.state == row.state)
        #expect(machine.timer == row.timer?.0)
        #expect(machine.deadline == row.timer.map { $0.1 * Self.second })
    }

    // MARK: Queries

    @Test func readsAndParsesOnlyWhileInputIsWantedAndOutputIsBelowTheHighWaterMark() {
        var machine = Machine(timeouts: Self.timeouts, tls: false, writeHighWaterMark: Self.highWaterMark, now: 0)
        #expect(machine.mayParse(pendingOutput: 0))
        #expect(!machine.mayRead(pendingOutput: 0))  // no input edge yet
        _ = machine.readable()
        #expect(machine.mayRead(pendingOutput: 99))
        #expect(!machine.mayRead(pendingOutput: 100))
        #expect(!machine.mayParse(pendingOutput: 100))
        machine.readDrained()
        #expect(!machine.mayRead(pendingOutput: 0))
        _ = machine.readable()
        _ = machine.requestComplete(keepAlive: true)
        #expect(!machine.mayRead(pendingOutput: 0))  // pipelined requests wait for the response
        let keptAlive = machine.responseReady(draining: false)
        #expect(keptAlive)
        #expect(machine.mayRead(pendingOutput: 0))
        machine.errorResponse()
        #expect(!machine.mayParse(pendingOutput: 0))
        #expect(machine.isClosing)
    }

    @Test func remembersOutputReadiness() {
        var machine = Machine(timeouts: Self.timeouts, tls: false, writeHighWaterMark: Self.highWaterMark, now: 0)
        #expect(machine.canWrite)
        machine.writeBlocked()
        #expect(!machine.canWrite)
        _ = machine.writable(pendingOutput: 0)
        #expect(machine.canWrite)
    }

    @Test func responseReadySaysWhetherTheConnectionStaysOpen() {
        var machine = Machine(timeouts: Self.timeouts, tls: false, writeHighWaterMark: Self.highWaterMark, now: 0)
        _ = machine.requestComplete(keepAlive: true)
        let first = machine.responseReady(draining: false)
        _ = machine.requestComplete(keepAlive: false)
        let last = machine.responseReady(draining: false)
        // No response is owed any more: a late one must not reopen the connection.
        let late = machine.responseReady(draining: false)
        #expect(first && !last && !late)
        #expect(machine.state == .closing)
    }

    @Test func convertsConfiguredTimeouts() {
        let timeouts = Self.timeouts
        #expect(timeouts.handshake == 3 * Self.second)
        #expect(timeouts.headerRead == 10 * Self.second)
        #expect(timeouts.idle == 60 * Self.second)
        #expect(timeouts.bodyRead == 30 * Self.second)
        #expect(timeouts.write == 5 * Self.second)
        #expect(timeouts.linger == 2 * Self.second)
    }
}
