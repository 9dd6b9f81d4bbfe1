import HTTPCore
import Testing

/// The timeout state machine, driven with explicit times instead of a clock.
struct ConnectionTimerTests {
    var timeouts: ConnectionTimer.Timeouts {
        var configuration = HTTPServerConfiguration.Timeouts()
        configuration.headerRead = .seconds(10)
        configuration.idle = .seconds(60)
        configuration.bodyRead = .seconds(30)
        configuration.write = .seconds(5)
        return ConnectionTimer.Timeouts(configuration, handshake: .seconds(3))
    }

    let second: UInt64 = 1_000_000_000

    @Test func headerTimeoutIsNotExtendedByTrickledBytes() {
        var timer = ConnectionTimer(timeouts: timeouts, phase: .readingHead, now: 0)
        timer.enter(.readingHead, now: 9 * second)
        #expect(timer.expiry(now: 9 * second) == nil)
        #expect(timer.expiry(now: 10 * second) == .close)
    }

    @Test func bodyAndWriteTimeoutsRestartOnProgress() {
        var timer = ConnectionTimer(timeouts: timeouts, phase: .readingBody, now: 0)
        timer.enter(.readingBody, now: 20 * second)
        #expect(timer.expiry(now: 40 * second) == nil)
        #expect(timer.expiry(now: 50 * second) == .respondRequestTimeout)
        timer.enter(.writing, now: 0)
        timer.enter(.writing, now: 4 * second)
        #expect(timer.expiry(now: 8 * second) == nil)
        #expect(timer.expiry(now: 9 * second) == .close)
    }

    @Test func processingHasNoDeadlineAndIdleUsesTheIdleTimeout() {
        var timer = ConnectionTimer(timeouts: timeouts, phase: .processing, now: 0)
        #expect(timer.deadline == nil)
        #expect(timer.expiry(now: UInt64.max) == nil)
        timer.enter(.idle, now: second)
        #expect(timer.deadline == 61 * second)
        timer.enter(.readingHead, now: 30 * second)
        #expect(timer.deadline == 40 * second)
    }

    @Test func handshakeUsesItsOwnTimeout() {
        let timer = ConnectionTimer(timeouts: timeouts, phase: .handshake, now: 0)
        #expect(timer.expiry(now: 3 * second - 1) == nil)
        #expect(timer.expiry(now: 3 * second) == .close)
    }
}
