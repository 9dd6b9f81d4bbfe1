#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex plus condition variable built on pthreads.
///
/// `Synchronization.Mutex` is avoided on purpose: ThreadSanitizer reports false races on it,
/// which would drown real reports from the storage layer's worker threads.
final class ConditionLock: @unchecked Sendable {
    // Safety: `mutex` and `condition` are heap-allocated once in `init`, never reassigned, and
    // destroyed only in `deinit`, when no other thread can hold a reference. All access to the
    // state they guard goes through `withLock`/`wait`, which hold the mutex.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        let mutexStatus = pthread_mutex_init(mutex, nil)
        precondition(mutexStatus == 0, "pthread_mutex_init failed: \(mutexStatus)")
        let condStatus = pthread_cond_init(condition, nil)
        precondition(condStatus == 0, "pthread_cond_init failed: \(condStatus)")
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
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits on the condition. Must be called from inside `withLock`; spurious wake-ups happen,
    /// so callers re-check their predicate in a loop.
    func waitLocked() {
        pthread_cond_wait(condition, mutex)
    }

    /// Waits on the condition for at most `nanoseconds`. Must be called from inside `withLock`;
    /// like `waitLocked`, it may return early.
    func waitLocked(nanoseconds: UInt64) {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let total = UInt64(deadline.tv_nsec) + min(nanoseconds, 86_400_000_000_000)
        deadline.tv_sec += Int(total / 1_000_000_000)
        deadline.tv_nsec = Int(total % 1_000_000_000)
        pthread_cond_timedwait(condition, mutex, &deadline)
    }

    /// Wakes one waiter.
    func signal() {
        pthread_cond_signal(condition)
    }

    /// Wakes every waiter.
    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
