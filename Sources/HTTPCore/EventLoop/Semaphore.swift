import Glibc

/// A counting semaphore over `sem_t`, for the few places a thread must wait for another to start or stop.
public final class Semaphore: @unchecked Sendable {
    // Safety: the `sem_t` is heap-allocated once and only used through the thread-safe sem_* calls.
    private let semaphore: UnsafeMutablePointer<sem_t>
    var semaphorePointer: UnsafeMutablePointer<sem_t> { semaphore }

    /// Creates a semaphore with `value` permits.
    public init(value: UInt32 = 0) {
        semaphore = .allocate(capacity: 1)
        sem_init(semaphore, 0, value)
    }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    /// Adds a permit, waking one waiter.
    public func signal() { sem_post(semaphore) }

    /// Takes a permit, blocking until one is available.
    public func wait() {
        while sem_wait(semaphore) != 0 && errno == EINTR {}
    }
}

extension Semaphore {
    /// Takes a permit, waiting at most `timeout`; returns false on timeout.
    public func wait(timeout: Duration) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let total = UInt64(deadline.tv_nsec) + Monotonic.nanoseconds(timeout)
        deadline.tv_sec += Int(total / 1_000_000_000)
        deadline.tv_nsec = Int(total % 1_000_000_000)
        while true {
            if sem_timedwait(semaphorePointer, &deadline) == 0 { return true }
            if errno != EINTR { return false }
        }
    }
}
