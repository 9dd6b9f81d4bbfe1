import Testing

@testable import MetricsService

/// When the worker's next pass starts, driven by a test clock (milliseconds).
struct PassScheduleTests {
    static let configuration = PassSchedule.Configuration(intervalMs: 10_000, wakeDelayMs: 250, pollIntervalMs: 500)

    @Test func withNothingArrivingPollsEveryPollIntervalAndPassesAtTheInterval() {
        var schedule = PassSchedule(Self.configuration, passEndedMs: 1_000)
        #expect(schedule.next(nowMs: 1_000) == .wait(untilMs: 1_500))
        #expect(schedule.next(nowMs: 1_499) == .wait(untilMs: 1_500))
        #expect(schedule.next(nowMs: 1_500) == .poll)
        schedule.polled(atMs: 1_520)
        #expect(schedule.next(nowMs: 1_520) == .wait(untilMs: 2_020))
        schedule.polled(atMs: 10_800)
        #expect(schedule.next(nowMs: 10_999) == .wait(untilMs: 11_000))
        #expect(schedule.next(nowMs: 11_000) == .pass)
    }

    @Test func runsArrivingStartAPassAfterTheWakeDelayFromTheFirstSignal() {
        var schedule = PassSchedule(Self.configuration, passEndedMs: 0)
        schedule.runsArrived(atMs: 100)
        // Later signals do not push the pass back: a steady stream still gets a pass every wake delay.
        schedule.runsArrived(atMs: 300)
        #expect(schedule.next(nowMs: 300) == .wait(untilMs: 350))
        #expect(schedule.next(nowMs: 350) == .pass)
    }

    @Test func runsStoredDuringThePassStartTheNextOneAWakeDelayAfterTheyArrived() {
        var late = PassSchedule(Self.configuration, passEndedMs: 5_000)
        late.runsArrived(atMs: 4_900)
        #expect(late.next(nowMs: 5_000) == .wait(untilMs: 5_150))
        // Under steady ingest the delay has long passed when a pass ends: the next starts at once.
        var steady = PassSchedule(Self.configuration, passEndedMs: 5_000)
        steady.runsArrived(atMs: 4_200)
        steady.runsArrived(atMs: 4_900)
        #expect(steady.next(nowMs: 5_000) == .pass)
    }

    @Test func noPollOnceAPassIsComing() {
        var schedule = PassSchedule(Self.configuration, passEndedMs: 0)
        schedule.runsArrived(atMs: 490)
        #expect(schedule.next(nowMs: 600) == .wait(untilMs: 740))
    }

    @Test func theIntervalStillBoundsAWakeDelayLongerThanIt() {
        let long = PassSchedule.Configuration(intervalMs: 1_000, wakeDelayMs: 5_000, pollIntervalMs: 500)
        var schedule = PassSchedule(long, passEndedMs: 0)
        schedule.runsArrived(atMs: 10)
        #expect(schedule.next(nowMs: 999) == .wait(untilMs: 1_000))
        #expect(schedule.next(nowMs: 1_000) == .pass)
    }
}
