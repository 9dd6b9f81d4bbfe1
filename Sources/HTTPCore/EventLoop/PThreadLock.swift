import Glibc

/// A mutex over `pthread_mutex_t`.
///
/// Used instead of `Synchronization.Mutex` because ThreadSanitizer does not model the futexes that type
/// uses and reports false races; a pthread mutex is understood by TSan and costs the same uncontended.
public final class PThreadLock: @unchecked Sendable {
    // Safety: the mutex is heap-allocated once, never moved, and only touched through pthread calls,
    // which are themselves thread-safe.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// Creates an unlocked mutex.
    public init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
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
}

/// A value guarded by a `PThreadLock`.
public final class LockedValue<Value>: @unchecked Sendable {
    // Safety: `value` is only read or written inside `lock.withLock`.
    private let lock = PThreadLock()
    private var value: Value

    /// Wraps `value`.
    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try lock.withLock { try body(&value) }
    }
}
