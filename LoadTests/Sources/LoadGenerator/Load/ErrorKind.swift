/// A transport-level failure, counted apart from HTTP error statuses.
public enum ErrorKind: Int, CaseIterable, Sendable {
    /// The TCP connect (or TLS handshake) failed.
    case connect
    /// A request got no complete response within the timeout.
    case timeout
    /// The connection was reset or closed with requests outstanding.
    case reset
    /// The response could not be parsed.
    case protocolError
    /// A run batch was answered 201 but with counts that do not add up to the batch.
    case badAcknowledgement

    /// The name used in reports.
    public var name: String {
        switch self {
        case .connect: "connect"
        case .timeout: "timeout"
        case .reset: "reset"
        case .protocolError: "protocol"
        case .badAcknowledgement: "bad_ack"
        }
    }
}
