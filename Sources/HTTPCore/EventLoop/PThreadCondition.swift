import Glibc

/// A condition variable over a `PThreadLock`'s mutex, separate from the lock's own condition, so that the
/// waiters of one lock can each wait on their own condition and be woken one by one, in an order of the
/// caller's choosing (`BlockingThreadPool` wakes its most recently idle thread, whose caches are warm).
public final class PThreadCondition: @unchecked Sendable {
    // Safety: the condition is heap-allocated once, never moved, destroyed only in `deinit` (when no other
    // thread holds a reference), and only touched through pthread calls, which are thread-safe.
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// Creates a condition with no waiters.
    public init() {
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        let status = pthread_cond_init(condition, nil)
        precondition(status == 0, "pthread_cond_init failed: \(status)")
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deinitialize(count: 1)
        condition.deallocate()
    }

    /// Waits until signalled. Call only inside `lock.withLock`, always with the same lock; wake-ups may be
    /// spurious, so callers re-check their predicate in a loop.
    public func wait(holding lock: PThreadLock) {
        pthread_cond_wait(condition, lock.mutex)
    }

    /// Wakes the thread waiting on this condition, if any.
    public func signal() {
        pthread_cond_signal(condition)
    }
}
