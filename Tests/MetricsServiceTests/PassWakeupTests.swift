import Testing

@testable import MetricsService

struct PassWakeupTests {
    @Test func aSignalBeforeTheWaitEndsItAtOnceAndIsTakenOnce() async {
        let wakeup = PassWakeup()
        let before = PassWakeup.monotonicMs()
        wakeup.signal()
        wakeup.signal()
        let started = ContinuousClock.now
        await wakeup.wait(timeout: .seconds(60))
        #expect(ContinuousClock.now - started < .seconds(30))
        let since = wakeup.takePending()
        #expect(since.map { $0 >= before && $0 <= PassWakeup.monotonicMs() } == true)
        #expect(wakeup.takePending() == nil)
    }

    @Test func aSignalWakesAWaitingWorker() async {
        let wakeup = PassWakeup()
        let started = ContinuousClock.now
        let waiting = Task { await wakeup.wait(timeout: .seconds(60)) }
        wakeup.signal()
        await waiting.value
        #expect(ContinuousClock.now - started < .seconds(30))
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
        let waiting = Task { await wakeup.wait(timeout: .seconds(60)) }
        waiting.cancel()
        let started = ContinuousClock.now
        await waiting.value
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}
