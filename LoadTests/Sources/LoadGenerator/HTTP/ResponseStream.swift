/// Turns a connection's incoming bytes into complete responses, however they are split across reads and
/// however many are pipelined in one read.
///
/// Heads are parsed straight from the caller's buffer; only a head cut by the end of a read is copied (into
/// `carry`) until the rest arrives. Bodies are never buffered unless `captureBody` is set.
public struct ResponseStream {
    private enum Body {
        case none
        case length(Int)
        case chunked(ChunkedDecoder)
        case untilClose
    }

    /// Keep the body of each response (for ingest acknowledgements and verification).
    public var captureBody: Bool
    private var carry: [UInt8] = []
    private var head: ResponseHead?
    private var body = Body.none
    private var bodyBytes: [UInt8] = []
    private var size = 0

    public init(captureBody: Bool = false) {
        self.captureBody = captureBody
    }

    /// Whether a response has started and not finished (so an EOF now would cut it).
    public var isMidResponse: Bool { head != nil || !carry.isEmpty }

    /// Feeds `bytes`; calls `onResponse` for each response completed. `onResponse` returns false to stop
    /// (e.g. the connection closed), dropping the rest of the input.
    public mutating func feed(
        _ bytes: UnsafeRawBufferPointer, _ onResponse: (ParsedResponse) -> Bool
    ) throws(ResponseParseError) {
        if carry.isEmpty {
            let used = try parse(bytes, onResponse)
            if used < bytes.count {
                carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[used...]))
            }
            return
        }
        carry.append(contentsOf: bytes)
        // Parse from a copy-free view of the carried bytes, then drop what was used.
        var all: [UInt8] = []
        swap(&all, &carry)
        let outcome: Result<Int, ResponseParseError> = all.withUnsafeBytes { buffer in
            do throws(ResponseParseError) {
                return .success(try parse(buffer, onResponse))
            } catch {
                return .failure(error)
            }
        }
        let used = try outcome.get()
        if used < all.count { carry = Array(all[used...]) }
    }

    /// The peer closed: completes a read-until-close body, or reports a cut response.
    public mutating func finish(_ onResponse: (ParsedResponse) -> Bool) throws(ResponseParseError) {
        if case .untilClose = body, let head {
            _ = onResponse(complete(head))
            return
        }
        if isMidResponse { throw .truncated }
    }

    /// Parses whole responses from `buffer`; returns the bytes consumed (a trailing partial head is not).
    private mutating func parse(
        _ buffer: UnsafeRawBufferPointer, _ onResponse: (ParsedResponse) -> Bool
    ) throws(ResponseParseError) -> Int {
        var offset = 0
        while offset < buffer.count || (head != nil && isBodyDone) {
            if let current = head {
                offset += try consumeBody(UnsafeRawBufferPointer(rebasing: buffer[offset...]))
                if isBodyDone {
                    if !onResponse(complete(current)) { return buffer.count }
                } else {
                    return offset
                }
                continue
            }
            switch ResponseHeadParser.parse(UnsafeRawBufferPointer(rebasing: buffer[offset...])) {
            case .needMore:
                return offset
            case .error(let error):
                throw error
            case .head(let parsed):
                offset += parsed.length
                size = parsed.length
                // 1xx responses are interim: the real one follows.
                if parsed.status >= 100 && parsed.status < 200 { continue }
                head = parsed
                if parsed.status == 204 || parsed.status == 304 {
                    body = .none
                } else if parsed.chunked {
                    body = .chunked(ChunkedDecoder())
                } else if let length = parsed.contentLength {
                    body = .length(length)
                } else {
                    body = .untilClose
                }
            }
        }
        return offset
    }

    private var isBodyDone: Bool {
        switch body {
        case .none: true
        case .length(let remaining): remaining == 0
        case .chunked(let decoder): decoder.isComplete
        case .untilClose: false
        }
    }

    private mutating func consumeBody(_ buffer: UnsafeRawBufferPointer) throws(ResponseParseError) -> Int {
        switch body {
        case .none:
            return 0
        case .length(let remaining):
            let take = min(remaining, buffer.count)
            if captureBody && take > 0 {
                bodyBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<take]))
            }
            body = .length(remaining - take)
            size += take
            return take
        case .chunked(var decoder):
            let capture = captureBody
            var captured = bodyBytes
            bodyBytes = []
            let used = try decoder.consume(buffer) { data in if capture { captured.append(contentsOf: data) } }
            bodyBytes = captured
            body = .chunked(decoder)
            size += used
            return used
        case .untilClose:
            if captureBody { bodyBytes.append(contentsOf: buffer) }
            size += buffer.count
            return buffer.count
        }
    }

    private mutating func complete(_ head: ResponseHead) -> ParsedResponse {
        var captured: [UInt8] = []
        swap(&captured, &bodyBytes)
        let response = ParsedResponse(
            status: head.status, closes: head.closes, body: captured, nextLink: head.nextLink, size: size)
        self.head = nil
        body = .none
        size = 0
        return response
    }
}
