/// Splits and validates one `name: value` line of a header or trailer section.
enum HTTPHeaderLine {
    /// Returns the name and the OWS-trimmed value of a non-empty line (`content` excludes the line ending).
    static func parse(
        _ buffer: UnsafeRawBufferPointer,
        _ content: Range<Int>
    ) throws(HTTPParseError) -> (name: Range<Int>, value: Range<Int>) {
        // obs-fold continuation lines are deprecated and a known smuggling vector (RFC 9112 §5.2).
        guard !HTTPBytes.isWhitespace(buffer[content.lowerBound]) else {
            throw .badRequest("obsolete line folding")
        }
        var index = content.lowerBound
        while index < content.upperBound && HTTPBytes.isToken(buffer[index]) { index += 1 }
        guard index < content.upperBound, buffer[index] == HTTPBytes.colon else {
            if index < content.upperBound && HTTPBytes.isWhitespace(buffer[index]) {
                throw .badRequest("whitespace before colon in header field")
            }
            throw .badRequest("invalid header field name")
        }
        guard index > content.lowerBound else { throw .badRequest("empty header field name") }
        let value = HTTPBytes.trimmed(buffer, index + 1..<content.upperBound)
        guard HTTPBytes.allFieldValue(buffer, value) else {
            throw .badRequest("invalid character in header field value")
        }
        return (content.lowerBound..<index, value)
    }
}
