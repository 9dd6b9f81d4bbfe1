import COpenSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `SSL_CTX` that new sessions should use, swappable from any thread.
///
/// `@unchecked Sendable` is sound because:
/// - `context` is the only mutable state and is read or written only while `mutex` is held;
/// - `mutex` is heap-allocated once, never moved, and destroyed only in `deinit`, when no other reference exists;
/// - the `SSL_CTX` itself may be shared between threads once configured (OpenSSL locks its session cache and
///   reference count internally), and nothing here modifies a context after it was published.
/// A pthread mutex is used rather than `Synchronization.Mutex` because TSan reports false races on the latter.
final class LockedSSLContext: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Owns one reference to the current context. Guarded by `mutex`.
    private var context: OpaquePointer

    /// Takes ownership of one reference to `context`.
    init(_ context: OpaquePointer) {
        self.context = context
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed: \(status)")
    }

    deinit {
        SSL_CTX_free(context)
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Returns the current context with an extra reference the caller must release with `SSL_CTX_free`.
    ///
    /// The reference is taken under the lock so a concurrent `replace` cannot free the context in between;
    /// the caller's `SSL_new` then runs outside the lock.
    func retainCurrent() -> OpaquePointer {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        SSL_CTX_up_ref(context)
        return context
    }

    /// Publishes `newContext` (taking ownership of one reference) and drops this object's reference to the old one.
    /// Sessions created from the old context keep it alive until they are freed.
    func replace(with newContext: OpaquePointer) {
        pthread_mutex_lock(mutex)
        let old = context
        context = newContext
        pthread_mutex_unlock(mutex)
        // Outside the lock: the final free of a context tears down its session cache.
        SSL_CTX_free(old)
    }
}
