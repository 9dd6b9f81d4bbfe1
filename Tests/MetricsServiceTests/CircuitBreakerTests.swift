import Testing

@testable import MetricsService

/// The breaker's decisions, driven by a hand-moved clock.
struct CircuitBreakerTests {
    @Test func opensAfterConsecutiveUnreachableCallsOnly() {
        var breaker = CircuitBreaker(failureThreshold: 2, probeIntervalMs: 1_000)
        breaker.record(.unavailable, wasProbe: false, nowMs: 0)
        breaker.record(.answered, wasProbe: false, nowMs: 1)
        breaker.record(.unavailable, wasProbe: false, nowMs: 2)
        #expect(breaker.admit(nowMs: 3) == .proceed)
        breaker.record(.unavailable, wasProbe: false, nowMs: 10)
        #expect(breaker.state == .open(untilMs: 1_010))
        #expect(breaker.admit(nowMs: 11) == .reject)
        #expect(breaker.refusesQueuedCall())
    }

    @Test func letsOneProbeThroughPerIntervalAndItsAnswerDecides() {
        var breaker = CircuitBreaker(failureThreshold: 1, probeIntervalMs: 1_000)
        breaker.record(.unavailable, wasProbe: false, nowMs: 0)
        #expect(breaker.admit(nowMs: 999) == .reject)
        #expect(breaker.admit(nowMs: 1_000) == .probe)
        #expect(breaker.admit(nowMs: 1_001) == .reject)
        #expect(breaker.refusesQueuedCall())
        // A call admitted before the outage, ending now, does not end the probe.
        breaker.record(.notRun, wasProbe: false, nowMs: 1_002)
        #expect(breaker.state == .probing)
        breaker.record(.unavailable, wasProbe: true, nowMs: 3_000)
        #expect(breaker.state == .open(untilMs: 4_000))
        #expect(breaker.admit(nowMs: 3_500) == .reject)
        #expect(breaker.admit(nowMs: 4_000) == .probe)
        breaker.record(.answered, wasProbe: true, nowMs: 4_010)
        #expect(breaker.state == .closed(consecutiveFailures: 0))
        #expect(breaker.admit(nowMs: 4_011) == .proceed)
        #expect(!breaker.refusesQueuedCall())
    }

    @Test func aProbeThatNeverRanLetsTheNextCallProbeAtOnce() {
        var breaker = CircuitBreaker(failureThreshold: 1, probeIntervalMs: 1_000)
        breaker.record(.unavailable, wasProbe: false, nowMs: 0)
        #expect(breaker.admit(nowMs: 1_000) == .probe)
        breaker.record(.notRun, wasProbe: true, nowMs: 1_100)
        #expect(breaker.admit(nowMs: 1_100) == .probe)
    }

    @Test func anyAnswerFromTheDatabaseClosesIt() {
        var breaker = CircuitBreaker(failureThreshold: 1, probeIntervalMs: 1_000)
        breaker.record(.unavailable, wasProbe: false, nowMs: 0)
        // A call admitted earlier that got an answer (even an error about its request) proves
        // the database is back.
        breaker.record(.answered, wasProbe: false, nowMs: 10)
        #expect(breaker.admit(nowMs: 11) == .proceed)
    }
}
