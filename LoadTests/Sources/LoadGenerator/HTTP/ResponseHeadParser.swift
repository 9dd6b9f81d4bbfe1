/// Parses a response head from the start of a buffer, picohttpparser style: it allocates nothing (except the
/// rare `Link` value), keeps no state between calls, and answers "need more", "a head of N bytes" or "error".
///
/// Only the status line, `Content-Length`, `Transfer-Encoding`, `Connection` and `Link` are looked at.
public enum ResponseHeadParser {
    /// The outcome of one attempt.
    public enum Step: Sendable, Equatable {
        case needMore
        case head(ResponseHead)
        case error(ResponseParseError)
    }

    /// Heads larger than this are refused rather than buffered without bound.
    public static let maxHeadBytes = 64 * 1024

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// Parses the head at the start of `buffer`.
    public static func parse(_ buffer: UnsafeRawBufferPointer) -> Step {
        let count = buffer.count
        // "HTTP/1.1 200" is the shortest useful prefix.
        guard count >= 12 else { return prefixIsValid(buffer) ? .needMore : .error(.badStatusLine) }
        guard prefixIsValid(buffer), buffer[8] == UInt8(ascii: " ") else { return .error(.badStatusLine) }
        let minor = buffer[7]
        guard minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1") else { return .error(.badStatusLine) }
        var status = 0
        for index in 9..<12 {
            let digit = buffer[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return .error(.badStatusLine) }
            status = status * 10 + Int(digit)
        }
        guard var lineStart = endOfLine(buffer, from: 12) else {
            return count > maxHeadBytes ? .error(.headTooLarge) : .needMore
        }
        var head = ResponseHead(
            status: status, contentLength: nil, chunked: false, closes: minor == UInt8(ascii: "0"), nextLink: nil,
            length: 0)
        while true {
            guard lineStart < count else { return count > maxHeadBytes ? .error(.headTooLarge) : .needMore }
            if buffer[lineStart] == lf {
                head.length = lineStart + 1
                return .head(head)
            }
            if buffer[lineStart] == cr {
                guard lineStart + 1 < count else { return .needMore }
                guard buffer[lineStart + 1] == lf else { return .error(.badHeader) }
                head.length = lineStart + 2
                return .head(head)
            }
            guard let next = endOfLine(buffer, from: lineStart) else {
                return count > maxHeadBytes ? .error(.headTooLarge) : .needMore
            }
            if let error = field(buffer, lineStart, next, into: &head) { return .error(error) }
            lineStart = next
        }
    }

    /// The index after the next `\n` at or after `start`, or nil when the line is incomplete.
    @inline(__always)
    private static func endOfLine(_ buffer: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < buffer.count else { return nil }
        guard let found = memchr(buffer.baseAddress! + start, Int32(lf), buffer.count - start) else { return nil }
        return UnsafeRawPointer(found) - buffer.baseAddress! + 1
    }

    private static func prefixIsValid(_ buffer: UnsafeRawBufferPointer) -> Bool {
        let expected: StaticString = "HTTP/1."
        let length = min(buffer.count, 7)
        for index in 0..<length where buffer[index] != expected.utf8Start[index] { return false }
        return true
    }

    /// Interprets one header line `[start, end)` (end is past its `\n`).
    private static func field(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int, into head: inout ResponseHead)
        -> ResponseParseError?
    {
        var colon = start
        while colon < end && buffer[colon] != UInt8(ascii: ":") { colon += 1 }
        guard colon < end, colon > start else { return .badHeader }
        var valueStart = colon + 1
        var valueEnd = end - 1
        if valueEnd > valueStart && buffer[valueEnd - 1] == cr { valueEnd -= 1 }
        while valueStart < valueEnd && (buffer[valueStart] == 0x20 || buffer[valueStart] == 0x09) { valueStart += 1 }
        while valueEnd > valueStart && (buffer[valueEnd - 1] == 0x20 || buffer[valueEnd - 1] == 0x09) { valueEnd -= 1 }
        switch colon - start {
        case 14 where nameEquals(buffer, start, "content-length"):
            var value = 0
            guard valueEnd > valueStart else { return .badContentLength }
            for index in valueStart..<valueEnd {
                let digit = buffer[index] &- UInt8(ascii: "0")
                guard digit < 10, value < Int.max / 100 else { return .badContentLength }
                value = value * 10 + Int(digit)
            }
            if let existing = head.contentLength, existing != value { return .badContentLength }
            head.contentLength = value
        case 17 where nameEquals(buffer, start, "transfer-encoding"):
            head.chunked = valueEnd - valueStart >= 7 && nameEquals(buffer, valueEnd - 7, "chunked")
        case 10 where nameEquals(buffer, start, "connection"):
            if valueEnd - valueStart == 5 && nameEquals(buffer, valueStart, "close") {
                head.closes = true
            } else if valueEnd - valueStart == 10 && nameEquals(buffer, valueStart, "keep-alive") {
                head.closes = false
            }
        case 4 where nameEquals(buffer, start, "link"):
            head.nextLink = nextLink(
                String(decoding: UnsafeRawBufferPointer(rebasing: buffer[valueStart..<valueEnd]), as: UTF8.self))
        default:
            break
        }
        return nil
    }

    /// Compares `buffer[start...]` with lower-case ASCII `name`, folding the buffer's case.
    @inline(__always)
    private static func nameEquals(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ name: StaticString) -> Bool {
        let bytes = name.utf8Start
        for index in 0..<name.utf8CodeUnitCount where buffer[start + index] | 0x20 != bytes[index] {
            // `| 0x20` maps '-' (0x2d) to itself, so only letters are folded in practice.
            return false
        }
        return true
    }

    /// The URI of the `rel="next"` entry of a `Link` value, if any.
    static func nextLink(_ value: String) -> String? {
        for entry in value.split(separator: ",") {
            guard let open = entry.firstIndex(of: "<"), let close = entry[open...].firstIndex(of: ">") else { continue }
            let params = entry[close...].lowercased()
            if params.contains("rel=\"next\"") || params.contains("rel=next") {
                return String(entry[entry.index(after: open)..<close])
            }
        }
        return nil
    }
}

#if canImport(Glibc)
    import Glibc
#endif
