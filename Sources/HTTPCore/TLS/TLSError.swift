import COpenSSL

/// A TLS failure, carrying the OpenSSL error stack that explains it.
public struct TLSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed, followed by the drained OpenSSL error stack (oldest first).
    public var reason: String

    /// Creates an error with a ready-made reason.
    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "TLSError(\(reason))" }

    /// Describes a failed `operation` and drains this thread's OpenSSL error stack into the reason,
    /// so the next call on this thread does not see stale entries.
    static func draining(_ operation: String) -> TLSError {
        var reason = operation
        var separator = ": "
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            // 256 bytes is what ERR_error_string_n documents as always sufficient.
            let text = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
                ERR_error_string_n(code, buffer.baseAddress, buffer.count)
                return String(cString: buffer.baseAddress!)
            }
            reason += separator + text
            separator = "; "
        }
        return TLSError(reason: reason)
    }
}
