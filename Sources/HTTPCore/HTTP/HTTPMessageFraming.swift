/// What the header fields say about body framing and connection reuse, gathered while the head is parsed so
/// the parser never has to look fields up again by name.
struct HTTPMessageFraming {
    /// How the body is delimited.
    enum Body {
        case length(Int)
        case chunked
    }

    private var contentLength: Int?
    private var sawTransferEncoding = false
    private var transferCodingCount = 0
    private var lastCodingIsChunked = false
    private var connectionClose = false
    private var connectionKeepAlive = false
    private(set) var expectsContinue = false

    /// Records the field `name: value` if it affects framing; other fields are ignored.
    mutating func observe(
        _ buffer: UnsafeRawBufferPointer,
        name: Range<Int>,
        value: Range<Int>
    ) throws(HTTPParseError) {
        // Dispatching on length first keeps the common case (an unrelated field) to one integer compare.
        switch name.count {
        case 14 where HTTPBytes.equalsIgnoringCase(buffer, name, "content-length"):
            try observeContentLength(buffer, value)
        case 17 where HTTPBytes.equalsIgnoringCase(buffer, name, "transfer-encoding"):
            sawTransferEncoding = true
            Self.forEachElement(buffer, value) { element in
                transferCodingCount += 1
                lastCodingIsChunked = HTTPBytes.equalsIgnoringCase(buffer, element, "chunked")
            }
        case 10 where HTTPBytes.equalsIgnoringCase(buffer, name, "connection"):
            Self.forEachElement(buffer, value) { element in
                if HTTPBytes.equalsIgnoringCase(buffer, element, "close") { connectionClose = true }
                if HTTPBytes.equalsIgnoringCase(buffer, element, "keep-alive") { connectionKeepAlive = true }
            }
        case 6 where HTTPBytes.equalsIgnoringCase(buffer, name, "expect"):
            if HTTPBytes.equalsIgnoringCase(buffer, value, "100-continue") { expectsContinue = true }
        default:
            break
        }
    }

    /// The body framing, or the error that makes it ambiguous, unsupported or too large (RFC 9112 §6.1–6.3).
    func body(version: HTTPVersion, limits: HTTPParserLimits) throws(HTTPParseError) -> Body {
        if sawTransferEncoding {
            // Both headers together is the classic request-smuggling shape; refuse rather than pick one.
            guard contentLength == nil else { throw .badRequest("both Content-Length and Transfer-Encoding") }
            guard version != .http1_0 else { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            guard transferCodingCount > 0 else { throw .badRequest("empty Transfer-Encoding") }
            guard transferCodingCount == 1 && lastCodingIsChunked else { throw .unsupportedTransferCoding }
            return .chunked
        }
        guard let contentLength else { return .length(0) }
        guard contentLength <= limits.maxBodyBytes else { throw .bodyTooLarge }
        return .length(contentLength)
    }

    /// The declared length, for `HTTPRequestHead.contentLength`.
    var declaredLength: Int? { sawTransferEncoding ? nil : contentLength }

    /// HTTP/1.1 persists unless told to close; HTTP/1.0 closes unless asked to keep alive.
    func keepAlive(version: HTTPVersion) -> Bool {
        if connectionClose { return false }
        return version == .http1_0 ? connectionKeepAlive : true
    }

    /// Accepts `n` and the list form `n, n`; values must be digits and agree (RFC 9110 §8.6).
    private mutating func observeContentLength(
        _ buffer: UnsafeRawBufferPointer,
        _ value: Range<Int>
    ) throws(HTTPParseError) {
        var start = value.lowerBound
        while true {
            let comma = HTTPBytes.find(HTTPBytes.comma, in: buffer, start..<value.upperBound) ?? value.upperBound
            let element = HTTPBytes.trimmed(buffer, start..<comma)
            guard !element.isEmpty else { throw .badRequest("invalid Content-Length") }
            var length = 0
            for index in element {
                let digit = buffer[index] &- UInt8(ascii: "0")
                guard digit <= 9 else { throw .badRequest("invalid Content-Length") }
                // Saturate instead of trapping: any value this big is rejected as too large later.
                length = length > (Int.max - 9) / 10 ? Int.max : length * 10 + Int(digit)
            }
            if let contentLength, contentLength != length {
                throw .badRequest("conflicting Content-Length values")
            }
            contentLength = length
            guard comma < value.upperBound else { return }
            start = comma + 1
        }
    }

    /// Calls `body` with each non-empty, trimmed element of a comma-separated list.
    private static func forEachElement(
        _ buffer: UnsafeRawBufferPointer,
        _ value: Range<Int>,
        _ body: (Range<Int>) -> Void
    ) {
        var start = value.lowerBound
        while start <= value.upperBound {
            let comma = HTTPBytes.find(HTTPBytes.comma, in: buffer, start..<value.upperBound) ?? value.upperBound
            let element = HTTPBytes.trimmed(buffer, start..<comma)
            if !element.isEmpty { body(element) }
            start = comma + 1
        }
    }
}
