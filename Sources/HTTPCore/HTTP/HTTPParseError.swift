/// Why a request could not be parsed. Each case maps to exactly one status in `httpError`.
public enum HTTPParseError: Error, Sendable, Equatable {
    /// Malformed request line, header, framing or chunk syntax; the message says which.
    case badRequest(String)
    /// The request head (or chunked trailer section) exceeds `maxHeaderBytes`.
    case headerTooLarge
    /// The request target exceeds `maxURIBytes`.
    case uriTooLong
    /// The declared or chunked body exceeds `maxBodyBytes`.
    case bodyTooLarge
    /// A `Transfer-Encoding` other than exactly `chunked`.
    case unsupportedTransferCoding
    /// A well-formed version other than HTTP/1.0 or HTTP/1.1.
    case unsupportedVersion

    /// The error response for this failure: its status and a `{"error":{"code","message"}}` body.
    public var httpError: HTTPError {
        switch self {
        case .badRequest(let message):
            HTTPError(.badRequest, code: "bad_request", message: message)
        case .headerTooLarge:
            HTTPError(.headerFieldsTooLarge, code: "header_too_large", message: "request header fields too large")
        case .uriTooLong:
            HTTPError(.uriTooLong, code: "uri_too_long", message: "request target too long")
        case .bodyTooLarge:
            HTTPError(.payloadTooLarge, code: "payload_too_large", message: "request body too large")
        case .unsupportedTransferCoding:
            HTTPError(.notImplemented, code: "not_implemented", message: "unsupported transfer coding")
        case .unsupportedVersion:
            HTTPError(
                .httpVersionNotSupported, code: "http_version_not_supported", message: "HTTP version not supported")
        }
    }
}
