/// Why a `BlockingHTTPClient` request got no status.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host name did not resolve.
    case unresolvable(String)
    /// Connecting, sending or receiving failed.
    case io(IOError)
    /// The deadline passed before the status line arrived.
    case timedOut
    /// The peer closed the connection or sent something other than an HTTP/1.x status line.
    case malformedResponse

    public var description: String {
        switch self {
        case .unresolvable(let host): "cannot resolve \(host)"
        case .io(let error): error.description
        case .timedOut: "timed out"
        case .malformedResponse: "no HTTP status line in the response"
        }
    }
}
