import Testing

@testable import MetricsService

/// A wake-up is told from a timeout by a ceiling far below the wait's timeout (10 min) yet far above any
/// scheduling delay of a busy machine (parallel suites on two cores delayed a resume by 51 s).
struct PassWakeupTests {
    @Test func aSignalBeforeTheWaitEndsItAtOnceAndIsTakenOnce() async {
        let wakeup = PassWakeup()
        let before = PassWakeup.monotonicMs()
        wakeup.signal()
        wakeup.signal()
        let started = ContinuousClock.now
        await wakeup.wait(timeout: .seconds(600))
        #expect(ContinuousClock.now - started < .seconds(300))
        let since = wakeup.takePending()
        #expect(since.map { $0 >= before && $0 <= PassWakeup.monotonicMs() } == true)
        #expect(wakeup.takePending() == nil)
    }

    @Test func aSignalWakesAWaitingWorker() async {
        let wakeup = PassWakeup()
        let started = ContinuousClock.now
        let waiting = Task { await wakeup.wait(timeout: .seconds(600)) }
        wakeup.signal()
        await waiting.value
        #expect(ContinuousClock.now - started < .seconds(300))
        #expect(wakeup.takePending() != nil)
    }

    @Test func aWaitWithoutSignalEndsAtItsTimeout() async {
        let wakeup = PassWakeup()
        let started = ContinuousClock.now
        await wakeup.wait(timeout: .milliseconds(50))
        #expect(ContinuousClock.now - started >= .milliseconds(50))
        #expect(wakeup.takePending() == nil)
    }

    @Test func cancellingTheWorkerEndsItsWait() async {
        let wakeup = PassWakeup()
        let waiting = Task { await wakeup.wait(timeout: .seconds(600)) }
        waiting.cancel()
        let started = ContinuousClock.now
        await waiting.value
        #expect(ContinuousClock.now - started < .seconds(300))
    }
}
