/// A response produced by a handler. The server adds `Content-Length`, `Date`, `Server` and `Connection`.
public struct HTTPResponse: Sendable {
    /// The status code and reason phrase.
    public var status: HTTPStatus
    /// Header fields set by the handler (e.g. `Content-Type`, `Allow`, `Retry-After`). Changing them discards the
    /// lines `prepareHeaderLines()` wrote.
    public var headers: HTTPHeaders {
        didSet { preparedHeaderLines = nil }
    }
    /// The body bytes. Sent with `Content-Length`; omitted on the wire for `HEAD`, 204 and 304.
    public var body: [UInt8]
    /// Which of the responder's `routeTags` answered; the router sets it, 0 is `RouteTag.unrouted`.
    public var routeIndex: Int = 0
    /// `headers` as the serializer writes them (`HTTPResponseSerializer.appendFieldLines`), once
    /// `prepareHeaderLines()` was called and until `headers` changes.
    public private(set) var preparedHeaderLines: [UInt8]?

    /// Creates a response.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Writes `headers` as the serializer's wire lines now, for a response sent many times (a cached render): each
    /// send then copies the lines instead of checking and writing every field again.
    public mutating func prepareHeaderLines() {
        var lines: [UInt8] = []
        HTTPResponseSerializer.appendFieldLines(of: headers, to: &lines)
        preparedHeaderLines = lines
    }
}

/// An HTTP status code with its reason phrase.
public struct HTTPStatus: Sendable, Hashable {
    public var code: Int
    public var reason: String

    public init(code: Int, reason: String) {
        self.code = code
        self.reason = reason
    }

    public static let `continue` = HTTPStatus(code: 100, reason: "Continue")
    public static let ok = HTTPStatus(code: 200, reason: "OK")
    public static let created = HTTPStatus(code: 201, reason: "Created")
    public static let noContent = HTTPStatus(code: 204, reason: "No Content")
    public static let notModified = HTTPStatus(code: 304, reason: "Not Modified")
    public static let badRequest = HTTPStatus(code: 400, reason: "Bad Request")
    public static let notFound = HTTPStatus(code: 404, reason: "Not Found")
    public static let methodNotAllowed = HTTPStatus(code: 405, reason: "Method Not Allowed")
    public static let requestTimeout = HTTPStatus(code: 408, reason: "Request Timeout")
    public static let conflict = HTTPStatus(code: 409, reason: "Conflict")
    public static let payloadTooLarge = HTTPStatus(code: 413, reason: "Content Too Large")
    public static let uriTooLong = HTTPStatus(code: 414, reason: "URI Too Long")
    public static let unsupportedMediaType = HTTPStatus(code: 415, reason: "Unsupported Media Type")
    public static let expectationFailed = HTTPStatus(code: 417, reason: "Expectation Failed")
    public static let misdirectedRequest = HTTPStatus(code: 421, reason: "Misdirected Request")
    public static let unprocessableContent = HTTPStatus(code: 422, reason: "Unprocessable Content")
    public static let tooManyRequests = HTTPStatus(code: 429, reason: "Too Many Requests")
    public static let headerFieldsTooLarge = HTTPStatus(code: 431, reason: "Request Header Fields Too Large")
    public static let internalServerError = HTTPStatus(code: 500, reason: "Internal Server Error")
    public static let notImplemented = HTTPStatus(code: 501, reason: "Not Implemented")
    public static let serviceUnavailable = HTTPStatus(code: 503, reason: "Service Unavailable")
    public static let httpVersionNotSupported = HTTPStatus(code: 505, reason: "HTTP Version Not Supported")
}
