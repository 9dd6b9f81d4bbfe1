/// Status lines (`HTTP/1.1 200 OK\r\n`) for the standard statuses, built once so the common case is a
/// single copy.
///
/// Responses always say `HTTP/1.1`, also to HTTP/1.0 clients: a server announces its own version
/// (RFC 9110 §6.2), and the connection header, not the status line, tells a 1.0 client what to expect.
enum HTTPStatusLine {
    private static let standard: [HTTPStatus] = [
        .continue, .ok, .created, .noContent, .notModified, .badRequest, .notFound, .methodNotAllowed,
        .requestTimeout, .conflict, .payloadTooLarge, .uriTooLong, .unsupportedMediaType, .expectationFailed,
        .unprocessableContent, .headerFieldsTooLarge, .internalServerError, .notImplemented,
        .serviceUnavailable, .httpVersionNotSupported,
        HTTPStatus(code: 202, reason: "Accepted"),
        HTTPStatus(code: 301, reason: "Moved Permanently"),
        HTTPStatus(code: 302, reason: "Found"),
        HTTPStatus(code: 401, reason: "Unauthorized"),
        HTTPStatus(code: 403, reason: "Forbidden"),
        HTTPStatus(code: 429, reason: "Too Many Requests"),
        HTTPStatus(code: 502, reason: "Bad Gateway"),
        HTTPStatus(code: 504, reason: "Gateway Timeout"),
    ]

    /// Indexed by `code - 100`; `nil` where no standard line is precomputed.
    private static let table: [(reason: String, line: [UInt8])?] = {
        var table: [(reason: String, line: [UInt8])?] = Array(repeating: nil, count: 500)
        for status in standard {
            var line: [UInt8] = []
            build(status, into: &line)
            table[status.code - 100] = (status.reason, line)
        }
        return table
    }()

    /// Appends the status line for `status`, including its CRLF.
    ///
    /// A code outside 100...599 is a handler bug; it becomes 500 rather than a malformed status line.
    static func append(_ status: HTTPStatus, to buffer: inout [UInt8]) {
        guard (100...599).contains(status.code) else {
            return append(.internalServerError, to: &buffer)
        }
        if let entry = table[status.code - 100], entry.reason == status.reason {
            buffer.append(contentsOf: entry.line)
        } else {
            build(status, into: &buffer)
        }
    }

    private static func build(_ status: HTTPStatus, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "HTTP/1.1 ".utf8)
        ASCIIDecimal.append(status.code, to: &buffer)
        buffer.append(UInt8(ascii: " "))
        // A custom reason phrase must not be able to end the line early and inject headers.
        for byte in status.reason.utf8 where HTTPFieldSyntax.isValidValueByte(byte) {
            buffer.append(byte)
        }
        buffer.append(contentsOf: "\r\n".utf8)
    }
}
