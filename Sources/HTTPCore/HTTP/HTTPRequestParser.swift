/// An incremental HTTP/1.1 request parser in the style of picohttpparser: a plain state machine that the
/// connection feeds its unconsumed bytes.
///
/// The connection keeps one growing buffer and a read offset. It calls `parse(_:)` with the bytes from the
/// offset on, advances the offset by each step's `consumed`, and repeats until `.needMore`; then it reads
/// more and calls again with the same start. The parser remembers how far it has scanned, so a head or chunk
/// line that arrives in many reads is scanned once, not once per read. Nothing is allocated per byte; the
/// head's strings are copied out once, when it is complete.
///
/// Line endings may be CRLF or a bare LF (RFC 9112 §2.2); a CR anywhere else in the head is rejected.
public struct HTTPRequestParser: Sendable {
    enum State {
        case head
        case fixedBody(remaining: Int)
        case chunked(ChunkPhase)
        /// Errors are terminal: the connection must answer and close, so every later call repeats the error.
        case failed(HTTPParseError)
    }

    let limits: HTTPParserLimits
    var state: State = .head
    var headProgress = HeadProgress()
    /// Bytes at the start of the buffer already parsed as chunk framing but not yet consumed, because
    /// `.needMore` must consume nothing.
    var framingPrefix = 0
    /// Where the search for the current chunk or trailer line's LF resumes.
    var lineScan = 0
    /// Sum of chunk sizes so far, checked against `maxBodyBytes` before each chunk's data arrives.
    var chunkedTotal = 0

    /// Creates a parser expecting the start of a request.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Parses from the start of `buffer`, the bytes not yet consumed by earlier calls, and returns one step.
    ///
    /// After `.needMore`, call again with the same bytes plus more appended. After `.end`, the next call
    /// begins the next (pipelined) request.
    public mutating func parse(_ buffer: UnsafeRawBufferPointer) -> HTTPParseStep {
        do {
            switch state {
            case .head:
                return try parseHead(buffer)
            case .fixedBody(let remaining):
                return parseFixedBody(buffer, remaining: remaining)
            case .chunked(let phase):
                return try parseChunked(buffer, phase: phase)
            case .failed(let error):
                return .error(error)
            }
        } catch {
            state = .failed(error)
            return .error(error)
        }
    }

    /// Forgets any partial request and expects a new one. `.end` already does this implicitly.
    public mutating func reset() {
        state = .head
        headProgress = HeadProgress()
        framingPrefix = 0
        lineScan = 0
        chunkedTotal = 0
    }

    private mutating func parseFixedBody(_ buffer: UnsafeRawBufferPointer, remaining: Int) -> HTTPParseStep {
        guard remaining > 0 else {
            reset()
            return .end(consumed: 0)
        }
        let count = min(remaining, buffer.count)
        guard count > 0 else { return .needMore }
        state = .fixedBody(remaining: remaining - count)
        return .body(0..<count, consumed: count)
    }
}
