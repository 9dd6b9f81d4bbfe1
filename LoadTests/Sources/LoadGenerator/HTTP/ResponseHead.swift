/// What the generator needs from a response's head: nothing more is decoded.
public struct ResponseHead: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// `Content-Length`, if present.
    public var contentLength: Int?
    /// Whether `Transfer-Encoding` ends in `chunked`.
    public var chunked: Bool
    /// Whether the server will close after this response (`Connection: close`, or HTTP/1.0 without keep-alive).
    public var closes: Bool
    /// The target of a `Link: <...>; rel="next"` header, if present.
    public var nextLink: String?
    /// Bytes of the head, including the blank line.
    public var length: Int
}

/// Why a response could not be parsed.
public enum ResponseParseError: Error, Sendable, Equatable {
    case badStatusLine
    case badHeader
    case badContentLength
    case badChunk
    case headTooLarge
    /// The connection ended inside a response.
    case truncated
}
