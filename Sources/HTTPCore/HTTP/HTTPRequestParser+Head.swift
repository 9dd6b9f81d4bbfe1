extension HTTPRequestParser {
    /// How far an unfinished head has been scanned; offsets are into the buffer, whose start does not move
    /// until the head is consumed.
    struct HeadProgress {
        /// Start of the first line not yet seen whole.
        var lineStart = 0
        /// Where the search for that line's LF resumes.
        var scanFrom = 0
        /// The request line, once complete and valid.
        var requestLine: HTTPRequestLine?
        /// Start of the first header line.
        var headersStart = 0
    }

    mutating func parseHead(_ buffer: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPParseStep {
        // The end of the head must lie within the limit, so nothing past it is ever scanned.
        let limit = min(buffer.count, limits.maxHeaderBytes)
        var progress = headProgress
        while progress.scanFrom < limit,
            let lineFeed = HTTPBytes.find(HTTPBytes.lf, in: buffer, progress.scanFrom..<limit)
        {
            let content = Self.lineContent(buffer, progress.lineStart, lineFeed)
            let nextLine = lineFeed + 1
            if let requestLine = progress.requestLine {
                if content.isEmpty {
                    headProgress = HeadProgress()
                    return try finishHead(buffer, requestLine, headers: progress.headersStart..<nextLine)
                }
            } else if !content.isEmpty {
                // Checked as soon as it is whole, so a bad method, target or version is refused early.
                progress.requestLine = try HTTPRequestLine.parse(buffer, content, limits: limits)
                progress.headersStart = nextLine
            }
            // Blank lines before the request line are skipped (RFC 9112 §2.2).
            progress.lineStart = nextLine
            progress.scanFrom = nextLine
        }
        progress.scanFrom = max(progress.scanFrom, limit)
        headProgress = progress
        if progress.requestLine == nil {
            // Only bytes within the limit are judged, so the verdict cannot depend on how reads were split.
            try HTTPRequestLine.checkIncomplete(buffer, progress.lineStart..<limit, limits: limits)
        }
        guard buffer.count <= limits.maxHeaderBytes else { throw .headerTooLarge }
        return .needMore
    }

    /// The line between `start` and its LF, without the LF or one CR before it.
    static func lineContent(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ lineFeed: Int) -> Range<Int> {
        let end = lineFeed > start && buffer[lineFeed - 1] == HTTPBytes.cr ? lineFeed - 1 : lineFeed
        return start..<end
    }

    /// Builds the head from a complete block; `headers` runs from the first header line through the blank
    /// line that ends the head.
    private mutating func finishHead(
        _ buffer: UnsafeRawBufferPointer,
        _ requestLine: HTTPRequestLine,
        headers: Range<Int>
    ) throws(HTTPParseError) -> HTTPParseStep {
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(16)
        var framing = HTTPMessageFraming()
        var lineStart = headers.lowerBound
        while let lineFeed = HTTPBytes.find(HTTPBytes.lf, in: buffer, lineStart..<headers.upperBound) {
            let content = Self.lineContent(buffer, lineStart, lineFeed)
            lineStart = lineFeed + 1
            if content.isEmpty { break }
            let (name, value) = try HTTPHeaderLine.parse(buffer, content)
            try framing.observe(buffer, name: name, value: value)
            fields.append((HTTPBytes.string(buffer, name), HTTPBytes.string(buffer, value)))
        }

        let version = requestLine.version
        let body = try framing.body(version: version, limits: limits)
        let target = HTTPRequestTarget(buffer, requestLine.target)
        var headerFields = HTTPHeaders(fields)
        if let authority = target.authority {
            // The target's host replaces any `Host` field, so host checks and handlers see the one that counts.
            headerFields.replaceOrAdd(name: "Host", value: HTTPBytes.string(buffer, authority))
        }
        let head = HTTPRequestHead(
            method: requestLine.methodString(buffer),
            path: target.path.isEmpty ? "/" : HTTPBytes.string(buffer, target.path),
            query: target.query.map { HTTPBytes.string(buffer, $0) },
            version: version,
            headers: headerFields,
            contentLength: framing.declaredLength,
            isChunked: { if case .chunked = body { true } else { false } }(),
            keepAlive: framing.keepAlive(version: version),
            expectsContinue: framing.expectsContinue
        )
        switch body {
        case .length(let length): state = .fixedBody(remaining: length)
        case .chunked: state = .chunked(.size)
        }
        return .head(head, consumed: headers.upperBound)
    }
}
