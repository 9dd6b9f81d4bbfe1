import Glibc

/// A failed system call: its name and `errno`.
public struct IOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `errno` value.
    public var errnoCode: Int32
    /// The system call that failed.
    public var syscall: String

    /// Creates an error for `syscall` with `errnoCode`.
    public init(errnoCode: Int32, syscall: String) {
        self.errnoCode = errnoCode
        self.syscall = syscall
    }

    public var description: String {
        "\(syscall) failed: \(String(cString: strerror(errnoCode))) (errno \(errnoCode))"
    }
}

/// The outcome of a non-blocking I/O call: either a count or "would block".
///
/// EAGAIN is a normal state for a non-blocking socket, so it is a value, not an error.
public enum IOResult: Equatable, Sendable {
    case processed(Int)
    case wouldBlock
}
