/// A parsed request line and header block, copied out of the connection buffer once per request.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method token, e.g. `GET`.
    public var method: String
    /// The request target before `?`, still percent-encoded.
    public var path: String
    /// The request target after `?`; `nil` when there is no `?`.
    public var query: String?
    /// The protocol version: HTTP/1.0 or HTTP/1.1.
    public var version: HTTPVersion
    /// The header fields in arrival order, values trimmed of surrounding whitespace.
    public var headers: HTTPHeaders
    /// The declared body length; `nil` when the body is chunked or there is no `Content-Length`.
    public var contentLength: Int?
    /// Whether the body uses chunked transfer coding.
    public var isChunked: Bool
    /// Whether the connection may carry another request after this one.
    public var keepAlive: Bool
    /// Whether the client sent `Expect: 100-continue` and waits for an interim response.
    public var expectsContinue: Bool

    /// Creates a head; the parser does this, tests build expected values with it.
    public init(
        method: String,
        path: String,
        query: String? = nil,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        contentLength: Int? = nil,
        isChunked: Bool = false,
        keepAlive: Bool = true,
        expectsContinue: Bool = false
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.contentLength = contentLength
        self.isChunked = isChunked
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }
}
