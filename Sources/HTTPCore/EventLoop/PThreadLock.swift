import Glibc

/// A mutex over `pthread_mutex_t`, with a condition variable for threads that wait for what it guards.
///
/// Used instead of `Synchronization.Mutex` because ThreadSanitizer does not model the futexes that type
/// uses and reports false races; a pthread mutex is understood by TSan and costs the same uncontended.
/// The condition variable costs nothing until a thread waits on it.
public final class PThreadLock: @unchecked Sendable {
    // Safety: the mutex and condition are heap-allocated once, never moved, destroyed only in `deinit` (when
    // no other thread holds a reference), and only touched through pthread calls, which are thread-safe.
    let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// Creates an unlocked mutex.
    public init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        let mutexStatus = pthread_mutex_init(mutex, nil)
        precondition(mutexStatus == 0, "pthread_mutex_init failed: \(mutexStatus)")
        let conditionStatus = pthread_cond_init(condition, nil)
        precondition(conditionStatus == 0, "pthread_cond_init failed: \(conditionStatus)")
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deinitialize(count: 1)
        condition.deallocate()
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the mutex held.
    @inlinable
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }

    @usableFromInline
    func lock() { pthread_mutex_lock(mutex) }

    @usableFromInline
    func unlock() { pthread_mutex_unlock(mutex) }

    /// Waits on the condition. Call only inside `withLock`; wake-ups may be spurious, so callers re-check
    /// their predicate in a loop.
    public func waitLocked() {
        pthread_cond_wait(condition, mutex)
    }

    /// Waits on the condition for at most `nanoseconds` (capped at a day). Call only inside `withLock`;
    /// like `waitLocked`, it may return early.
    public func waitLocked(nanoseconds: UInt64) {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let total = UInt64(deadline.tv_nsec) + min(nanoseconds, 86_400_000_000_000)
        deadline.tv_sec += Int(total / 1_000_000_000)
        deadline.tv_nsec = Int(total % 1_000_000_000)
        pthread_cond_timedwait(condition, mutex, &deadline)
    }

    /// Wakes one waiter.
    public func signal() {
        pthread_cond_signal(condition)
    }

    /// Wakes every waiter.
    public func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
