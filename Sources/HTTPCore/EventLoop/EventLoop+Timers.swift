import CEpoll
import Glibc

/// A scheduled callback on an event loop, for cancelling it.
public struct TimerHandle: Hashable, Sendable {
    let id: UInt64
}

extension EventLoop {
    /// Runs `callback` on the loop after `delay`. Loop thread only.
    @discardableResult
    public func schedule(after delay: Duration, _ callback: @escaping () -> Void) -> TimerHandle {
        assertInLoop()
        let id = timers.schedule(deadline: Monotonic.now() &+ Monotonic.nanoseconds(delay), callback)
        armTimerFD()
        return TimerHandle(id: id)
    }

    /// Cancels a timer that has not fired yet. Loop thread only.
    public func cancel(_ handle: TimerHandle) {
        assertInLoop()
        timers.cancel(handle.id)
    }

    /// Runs the timers that are due and re-arms the timerfd for the next one.
    func fireTimers() {
        for callback in timers.popExpired(now: Monotonic.now()) {
            callback()
        }
        armTimerFD()
    }

    /// Points the timerfd at the earliest deadline (absolute, so no drift accumulates).
    private func armTimerFD() {
        var spec = itimerspec()
        if let deadline = timers.earliestDeadline() {
            // A zero it_value disarms the timer, so a deadline of 0 becomes 1 ns.
            let due = max(deadline, 1)
            spec.it_value.tv_sec = Int(due / 1_000_000_000)
            spec.it_value.tv_nsec = Int(due % 1_000_000_000)
        }
        timerfd_settime(timerFD, Int32(TFD_TIMER_ABSTIME), &spec, nil)
    }
}
