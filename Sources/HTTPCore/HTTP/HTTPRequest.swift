/// A complete HTTP request as handed to a handler: head and whole body.
public struct HTTPRequest: Sendable {
    /// The method token, e.g. `GET`.
    public var method: String
    /// The request target's path, still percent-encoded (`/api/v1/agents/a%20b/register`).
    public var path: String
    /// The raw query string after `?`, without the `?`; `nil` when absent.
    public var query: String?
    /// The protocol version.
    public var version: HTTPVersion
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body, de-chunked.
    public var body: [UInt8]
    /// Values of the route's `{param}` segments, percent-decoded; filled in by the router.
    public var pathParameters: [String: String]
    /// The request's id: the client's sane `X-Request-Id`, or one the server made (see `RequestID`). Sent
    /// back in `X-Request-Id`; handlers put it in their log lines as `request.id`.
    public var requestID: String

    /// Creates a request.
    public init(
        method: String,
        path: String,
        query: String? = nil,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        pathParameters: [String: String] = [:],
        requestID: String = ""
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
        self.requestID = requestID
    }
}

/// An HTTP protocol version.
public struct HTTPVersion: Sendable, Hashable {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
}
