import COpenSSL

/// The `SSL_CTX` that new sessions should use, swappable from any thread.
///
/// `@unchecked Sendable` is sound because the only mutable state, the context pointer, lives in a
/// `LockedValue` (read or written only under its lock), and an `SSL_CTX` may be shared between threads once
/// configured (OpenSSL locks its session cache and reference count internally); nothing here modifies a
/// context after it was published.
final class LockedSSLContext: @unchecked Sendable {
    /// Owns one reference to the current context.
    private let context: LockedValue<OpaquePointer>

    /// Takes ownership of one reference to `context`.
    init(_ context: OpaquePointer) {
        self.context = LockedValue(context)
    }

    deinit {
        context.withLock { SSL_CTX_free($0) }
    }

    /// Returns the current context with an extra reference the caller must release with `SSL_CTX_free`.
    ///
    /// The reference is taken under the lock so a concurrent `replace` cannot free the context in between;
    /// the caller's `SSL_new` then runs outside the lock.
    func retainCurrent() -> OpaquePointer {
        context.withLock { current in
            SSL_CTX_up_ref(current)
            return current
        }
    }

    /// Publishes `newContext` (taking ownership of one reference) and drops this object's reference to the old one.
    /// Sessions created from the old context keep it alive until they are freed.
    func replace(with newContext: OpaquePointer) {
        let old = context.withLock { current in
            let old = current
            current = newContext
            return old
        }
        // Outside the lock: the final free of a context tears down its session cache.
        SSL_CTX_free(old)
    }
}
