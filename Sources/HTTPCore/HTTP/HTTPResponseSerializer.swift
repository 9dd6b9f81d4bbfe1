/// Serializes responses to HTTP/1.1 bytes: no Foundation, no per-call date formatting, no intermediate
/// `String`s.
///
/// The serializer owns the framing and connection-management headers: a handler's `Content-Length`,
/// `Transfer-Encoding`, `Connection`, `Date`, `Server`, `X-Content-Type-Options`, `X-Request-Id` and
/// `Strict-Transport-Security` fields are dropped and replaced by its own,
/// so a handler cannot contradict the body it returned. Fields with an invalid name or a value holding
/// CR, LF or another control character are dropped too, so a handler cannot split the response.
public struct HTTPResponseSerializer: Sendable {
    /// `Server: <name>`, the fixed headers and `Date: `, written once per response ahead of the cached date:
    /// headers every response carries cost one copy of bytes built at start-up.
    private let fixedPrefix: [UInt8]

    /// Creates a serializer that announces `serverName` in the `Server` header and adds `fixedHeaders`
    /// (e.g. `Strict-Transport-Security`) to every response after `X-Content-Type-Options: nosniff`, which
    /// every response carries. Fixed fields with an invalid name or value are dropped.
    ///
    /// A handler's own `X-Content-Type-Options` and `Strict-Transport-Security` fields are dropped in favour
    /// of the server's, so each appears once.
    public init(serverName: String = "agent-metrics", fixedHeaders: HTTPHeaders = HTTPHeaders()) {
        var prefix = Array("Server: ".utf8)
        prefix.append(contentsOf: serverName.utf8.filter(HTTPFieldSyntax.isValidValueByte))
        prefix.append(contentsOf: "\r\nX-Content-Type-Options: nosniff\r\n".utf8)
        for field in fixedHeaders.fields
        where HTTPFieldSyntax.isValidName(field.name) && HTTPFieldSyntax.isValidValue(field.value) {
            prefix.append(contentsOf: field.name.utf8)
            prefix.append(contentsOf: ": ".utf8)
            prefix.append(contentsOf: field.value.utf8)
            prefix.append(contentsOf: "\r\n".utf8)
        }
        prefix.append(contentsOf: "Date: ".utf8)
        fixedPrefix = prefix
    }

    /// The interim response sent before reading a body announced with `Expect: 100-continue`.
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends `response` to `buffer`: status line, `Server`, the fixed headers, `Date`, the handler's headers,
    /// `Content-Length`, `Connection` when needed, then the body.
    ///
    /// - Parameters:
    ///   - version: The request's version; an HTTP/1.0 client only keeps the connection open when told
    ///     `Connection: keep-alive`.
    ///   - keepAlive: Whether the connection stays open after this response; `false` adds
    ///     `Connection: close`.
    ///   - omitBody: Leave out the body but keep its `Content-Length` (responses to `HEAD`). Bodies of
    ///     1xx, 204 and 304 responses are always left out, and those carry no `Content-Length`.
    ///   - requestID: Sent as `X-Request-Id` (the caller has checked it with `RequestID.isSane`); a
    ///     handler's own `X-Request-Id` field is always dropped.
    public func write(
        _ response: HTTPResponse, version: HTTPVersion, keepAlive: Bool, omitBody: Bool, date: HTTPDateCache,
        requestID: String? = nil, into buffer: inout [UInt8]
    ) {
        let code = response.status.code
        let hasNoContent = code < 200 || code == 204 || code == 304
        let writesBody = !omitBody && !hasNoContent

        // Grow geometrically: an exact reserve per response would reallocate on every pipelined write.
        let needed =
            buffer.count + 192 + fixedPrefix.count + response.headers.fields.count * 64
            + (writesBody ? response.body.count : 0)
        if buffer.capacity < needed {
            buffer.reserveCapacity(max(needed, buffer.capacity * 2))
        }

        HTTPStatusLine.append(response.status, to: &buffer)
        buffer.append(contentsOf: fixedPrefix)
        buffer.append(contentsOf: date.current())
        buffer.append(contentsOf: "\r\n".utf8)
        if var requestID {
            buffer.append(contentsOf: "X-Request-Id: ".utf8)
            requestID.withUTF8 { buffer.append(contentsOf: $0) }
            buffer.append(contentsOf: "\r\n".utf8)
        }
        if let lines = response.preparedHeaderLines {
            buffer.append(contentsOf: lines)
        } else {
            Self.appendFieldLines(of: response.headers, to: &buffer)
        }
        if !hasNoContent {
            buffer.append(contentsOf: "Content-Length: ".utf8)
            ASCIIDecimal.append(response.body.count, to: &buffer)
            buffer.append(contentsOf: "\r\n".utf8)
        }
        if !keepAlive {
            buffer.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http1_0 {
            buffer.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        buffer.append(contentsOf: "\r\n".utf8)
        if writesBody {
            buffer.append(contentsOf: response.body)
        }
    }

    /// Appends a handler's `headers` as `Name: value` lines, leaving out the fields the serializer writes itself and
    /// those with an invalid name or value.
    static func appendFieldLines(of headers: HTTPHeaders, to buffer: inout [UInt8]) {
        for field in headers.fields
        where !isOwnedBySerializer(field.name) && HTTPFieldSyntax.isValidName(field.name)
            && HTTPFieldSyntax.isValidValue(field.value)
        {
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(contentsOf: ": ".utf8)
            buffer.append(contentsOf: field.value.utf8)
            buffer.append(contentsOf: "\r\n".utf8)
        }
    }

    /// Whether the serializer writes the field named `name` itself.
    private static func isOwnedBySerializer(_ name: String) -> Bool {
        let utf8 = name.utf8
        // Dispatching on length first keeps the common case (Content-Type, ...) to one comparison.
        switch utf8.count {
        case 4: return utf8.elementsEqualIgnoringASCIICase("date".utf8)
        case 6: return utf8.elementsEqualIgnoringASCIICase("server".utf8)
        case 10: return utf8.elementsEqualIgnoringASCIICase("connection".utf8)
        case 12: return utf8.elementsEqualIgnoringASCIICase("x-request-id".utf8)
        case 14: return utf8.elementsEqualIgnoringASCIICase("content-length".utf8)
        case 17: return utf8.elementsEqualIgnoringASCIICase("transfer-encoding".utf8)
        case 22: return utf8.elementsEqualIgnoringASCIICase("x-content-type-options".utf8)
        case 25: return utf8.elementsEqualIgnoringASCIICase("strict-transport-security".utf8)
        default: return false
        }
    }
}
