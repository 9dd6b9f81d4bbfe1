/// A value guarded by a `PThreadLock`, like swift-nio's `NIOLockedValueBox`.
public final class LockedValue<Value> {
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

// Safety: `value` is only read or written inside `lock.withLock`, so threads never touch it at once; a value
// handed between threads that way must itself be safe to send, hence the `Value: Sendable` condition.
extension LockedValue: @unchecked Sendable where Value: Sendable {}
