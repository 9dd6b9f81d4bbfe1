/// The request line's parts as byte ranges of the parser's input buffer.
///
/// Ranges stay valid across `.needMore` because each call's buffer starts at the same byte.
struct HTTPRequestLine {
    /// Longer methods are rejected so the incomplete-line check only ever inspects a bounded prefix.
    static let maxMethodBytes = 64

    var method: Range<Int>
    var target: Range<Int>
    var version: HTTPVersion

    /// Parses a complete request line (`content` excludes the line ending).
    static func parse(
        _ buffer: UnsafeRawBufferPointer,
        _ content: Range<Int>,
        limits: HTTPParserLimits
    ) throws(HTTPParseError) -> HTTPRequestLine {
        guard let methodEnd = try scanMethod(buffer, content) else { throw .badRequest("malformed request line") }
        let targetStart = methodEnd + 1
        guard let targetEnd = HTTPBytes.find(HTTPBytes.space, in: buffer, targetStart..<content.upperBound) else {
            throw .badRequest("malformed request line")
        }
        let target = targetStart..<targetEnd
        try checkTarget(buffer, target, limits: limits)
        let version = try parseVersion(buffer, targetEnd + 1..<content.upperBound)
        return HTTPRequestLine(method: content.lowerBound..<methodEnd, target: target, version: version)
    }

    /// Rejects an unfinished request line as soon as its prefix proves it invalid, so an oversized target
    /// gets 414 without waiting for the rest of the head. `available` holds the line's bytes so far (no LF).
    ///
    /// The checks mirror `parse` in the same order, so a request gets the same error however it is split.
    /// Each call inspects a bounded window; the target window is only scanned once the line already exceeds
    /// the URI limit.
    static func checkIncomplete(
        _ buffer: UnsafeRawBufferPointer,
        _ available: Range<Int>,
        limits: HTTPParserLimits
    ) throws(HTTPParseError) {
        // A trailing CR may be the first half of the line's CRLF, so it is not judged yet.
        var end = available.upperBound
        if end > available.lowerBound && buffer[end - 1] == HTTPBytes.cr { end -= 1 }
        guard let methodEnd = try scanMethod(buffer, available.lowerBound..<end) else { return }
        let targetStart = methodEnd + 1
        guard end - targetStart > limits.maxURIBytes else { return }
        let targetWindow = targetStart..<min(end, targetStart + limits.maxURIBytes + 1)
        guard let targetEnd = HTTPBytes.find(HTTPBytes.space, in: buffer, targetWindow) else { throw .uriTooLong }
        try checkTarget(buffer, targetStart..<targetEnd, limits: limits)
        if end - (targetEnd + 1) > 8 { throw .badRequest("malformed HTTP version") }
    }

    /// The offset of the space ending a valid method, or `nil` if `content` ends first.
    private static func scanMethod(
        _ buffer: UnsafeRawBufferPointer,
        _ content: Range<Int>
    ) throws(HTTPParseError) -> Int? {
        var index = content.lowerBound
        while index < content.upperBound && HTTPBytes.isToken(buffer[index]) {
            guard index - content.lowerBound < maxMethodBytes else { throw .badRequest("method too long") }
            index += 1
        }
        guard index < content.upperBound else { return nil }
        guard buffer[index] == HTTPBytes.space else { throw .badRequest("invalid method") }
        guard index > content.lowerBound else { throw .badRequest("malformed request line") }
        return index
    }

    private static func checkTarget(
        _ buffer: UnsafeRawBufferPointer,
        _ target: Range<Int>,
        limits: HTTPParserLimits
    ) throws(HTTPParseError) {
        guard !target.isEmpty else { throw .badRequest("malformed request line") }
        guard target.count <= limits.maxURIBytes else { throw .uriTooLong }
        for index in target where !HTTPBytes.isTarget(buffer[index]) {
            throw .badRequest("invalid request target")
        }
    }

    /// Accepts exactly `HTTP/<digit>.<digit>`; well-formed versions with a major other than 1 get 505.
    private static func parseVersion(
        _ buffer: UnsafeRawBufferPointer,
        _ range: Range<Int>
    ) throws(HTTPParseError) -> HTTPVersion {
        guard range.count == 8, HTTPBytes.equals(buffer, range.lowerBound..<range.lowerBound + 5, "HTTP/"),
            buffer[range.lowerBound + 6] == UInt8(ascii: ".")
        else { throw .badRequest("malformed HTTP version") }
        let major = buffer[range.lowerBound + 5] &- UInt8(ascii: "0")
        let minor = buffer[range.lowerBound + 7] &- UInt8(ascii: "0")
        guard major <= 9, minor <= 9 else { throw .badRequest("malformed HTTP version") }
        // A higher 1.x minor is compatible with 1.1 and is served as 1.1 (RFC 9110 §2.5).
        guard major == 1 else { throw .unsupportedVersion }
        return minor == 0 ? .http1_0 : .http1_1
    }

    /// The method as a string, sharing literals for common methods to skip UTF-8 validation.
    func methodString(_ buffer: UnsafeRawBufferPointer) -> String {
        switch method.count {
        case 3:
            if HTTPBytes.equals(buffer, method, "GET") { return "GET" }
            if HTTPBytes.equals(buffer, method, "PUT") { return "PUT" }
        case 4:
            if HTTPBytes.equals(buffer, method, "POST") { return "POST" }
            if HTTPBytes.equals(buffer, method, "HEAD") { return "HEAD" }
        case 5:
            if HTTPBytes.equals(buffer, method, "PATCH") { return "PATCH" }
        case 6:
            if HTTPBytes.equals(buffer, method, "DELETE") { return "DELETE" }
        case 7:
            if HTTPBytes.equals(buffer, method, "OPTIONS") { return "OPTIONS" }
        default:
            break
        }
        return HTTPBytes.string(buffer, method)
    }
}
