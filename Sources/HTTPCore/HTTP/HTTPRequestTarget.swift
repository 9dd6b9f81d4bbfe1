/// A request target split into the parts a request needs: the authority of an absolute-form target, the path
/// and the query, as byte ranges of the parser's buffer.
///
/// An origin server must accept the absolute form (`GET http://host/path HTTP/1.1`) and take the host from
/// it, ignoring any `Host` field (RFC 9112 §3.2.2).
struct HTTPRequestTarget {
    /// The authority of an `http` or `https` absolute-form target; `nil` for the origin form and others.
    var authority: Range<Int>?
    /// The path, empty when an absolute-form target has none (it then means `/`).
    var path: Range<Int>
    /// The bytes after `?`, when there is one.
    var query: Range<Int>?

    init(_ buffer: UnsafeRawBufferPointer, _ target: Range<Int>) {
        var rest = target
        if let authorityStart = Self.authorityStart(buffer, target) {
            var end = authorityStart
            while end < target.upperBound && buffer[end] != UInt8(ascii: "/") && buffer[end] != HTTPBytes.question {
                end += 1
            }
            authority = authorityStart..<end
            rest = end..<target.upperBound
        }
        let questionMark = HTTPBytes.find(HTTPBytes.question, in: buffer, rest)
        path = rest.lowerBound..<(questionMark ?? rest.upperBound)
        query = questionMark.map { $0 + 1..<rest.upperBound }
    }

    /// Where the authority starts when `target` begins with `http://` or `https://` (scheme case-insensitive).
    private static func authorityStart(_ buffer: UnsafeRawBufferPointer, _ target: Range<Int>) -> Int? {
        // Cheap first test: origin-form targets, the common case, start with `/`.
        guard target.count > 7, buffer[target.lowerBound] | 0x20 == UInt8(ascii: "h") else { return nil }
        let start = target.lowerBound
        if HTTPBytes.equalsIgnoringCase(buffer, start..<start + 7, "http://") { return start + 7 }
        if target.count > 8, HTTPBytes.equalsIgnoringCase(buffer, start..<start + 8, "https://") { return start + 8 }
        return nil
    }
}
