@testable import HTTPCore
import TestSupport
import Testing

struct TimerQueueTests {
    @Test func firesDueTimersInDeadlineOrderAndSkipsCancelled() {
        var queue = TimerQueue()
        var fired: [Int] = []
        _ = queue.schedule(deadline: 30) { fired.append(3) }
        let cancelled = queue.schedule(deadline: 10) { fired.append(1) }
        _ = queue.schedule(deadline: 20) { fired.append(2) }
        _ = queue.schedule(deadline: 50) { fired.append(5) }
        queue.cancel(cancelled)
        #expect(queue.earliestDeadline() == 20)
        for callback in queue.popExpired(now: 30) { callback() }
        #expect(fired == [2, 3])
        #expect(queue.earliestDeadline() == 50)
    }

    @Test func keepsHeapOrderUnderManyRandomDeadlines() {
        var queue = TimerQueue()
        var order: [UInt64] = []
        var generator = SeededGenerator(seed: 0x7173_A1E5)
        let deadlines = (0..<500).map { _ in UInt64.random(in: 0..<10_000, using: &generator) }
        for deadline in deadlines { _ = queue.schedule(deadline: deadline) { order.append(deadline) } }
        for callback in queue.popExpired(now: 10_000) { callback() }
        #expect(order == deadlines.sorted())
    }
}
