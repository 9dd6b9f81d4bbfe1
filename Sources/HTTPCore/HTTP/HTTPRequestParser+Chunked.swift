extension HTTPRequestParser {
    /// Where a chunked body stands (RFC 9112 §7.1).
    enum ChunkPhase {
        /// Expecting a chunk-size line.
        case size
        /// Inside chunk data with `remaining` bytes to go.
        case data(remaining: Int)
        /// Expecting the line ending after chunk data.
        case dataEnd
        /// Reading trailer lines; `start` is where the section began, for the size limit.
        case trailers(start: Int)
    }

    /// A size line holds hex digits plus extensions we ignore; this caps how far we look for its LF.
    static let maxChunkLineBytes = 4096

    mutating func parseChunked(
        _ buffer: UnsafeRawBufferPointer,
        phase initial: ChunkPhase
    ) throws(HTTPParseError) -> HTTPParseStep {
        var phase = initial
        var offset = framingPrefix
        while true {
            switch phase {
            case .data(let remaining):
                guard offset < buffer.count else { return pause(phase, at: offset) }
                let count = min(remaining, buffer.count - offset)
                state = .chunked(count == remaining ? .dataEnd : .data(remaining: remaining - count))
                framingPrefix = 0
                lineScan = 0
                return .body(offset..<offset + count, consumed: offset + count)

            case .dataEnd:
                guard offset < buffer.count else { return pause(phase, at: offset) }
                if buffer[offset] == HTTPBytes.cr {
                    guard offset + 1 < buffer.count else { return pause(phase, at: offset) }
                    offset += 1
                }
                guard buffer[offset] == HTTPBytes.lf else { throw .badRequest("missing CRLF after chunk data") }
                offset += 1
                phase = .size

            case .size:
                guard let lineFeed = findLineFeed(buffer, from: offset, within: Self.maxChunkLineBytes) else {
                    guard buffer.count - offset <= Self.maxChunkLineBytes else {
                        throw .badRequest("chunk size line too long")
                    }
                    return pause(phase, at: offset)
                }
                let size = try parseChunkSize(buffer, Self.lineContent(buffer, offset, lineFeed))
                offset = lineFeed + 1
                if size == 0 {
                    phase = .trailers(start: offset)
                } else {
                    chunkedTotal += size
                    phase = .data(remaining: size)
                }

            case .trailers(let start):
                guard let lineFeed = findLineFeed(buffer, from: offset, within: start + limits.maxHeaderBytes - offset)
                else {
                    guard buffer.count - start <= limits.maxHeaderBytes else { throw .headerTooLarge }
                    return pause(phase, at: offset)
                }
                let content = Self.lineContent(buffer, offset, lineFeed)
                offset = lineFeed + 1
                if content.isEmpty {
                    reset()
                    return .end(consumed: offset)
                }
                // Trailers are validated like headers, then dropped: no handler reads them.
                _ = try HTTPHeaderLine.parse(buffer, content)
            }
        }
    }

    /// Remembers the framing parsed so far without consuming it, as `.needMore` requires.
    private mutating func pause(_ phase: ChunkPhase, at offset: Int) -> HTTPParseStep {
        state = .chunked(phase)
        framingPrefix = offset
        return .needMore
    }

    /// The LF ending the line at `start`, looking at most `maxLength` bytes past it and never rescanning bytes
    /// an earlier call already searched.
    private mutating func findLineFeed(_ buffer: UnsafeRawBufferPointer, from start: Int, within maxLength: Int)
        -> Int?
    {
        let end = min(buffer.count, start + maxLength)
        let scanFrom = max(start, lineScan)
        guard scanFrom < end, let lineFeed = HTTPBytes.find(HTTPBytes.lf, in: buffer, scanFrom..<end) else {
            lineScan = max(scanFrom, end)
            return nil
        }
        lineScan = lineFeed + 1
        return lineFeed
    }

    /// Parses `1*HEXDIG [BWS ; extensions]`, rejecting sizes that overflow or exceed the body limit.
    private func parseChunkSize(_ buffer: UnsafeRawBufferPointer, _ content: Range<Int>) throws(HTTPParseError) -> Int {
        var index = content.lowerBound
        var size: UInt64 = 0
        while index < content.upperBound, let digit = Self.hexValue(buffer[index]) {
            // 16 hex digits fill a UInt64; more would silently wrap.
            guard index - content.lowerBound < 16 else { throw .badRequest("chunk size too long") }
            size = size << 4 | UInt64(digit)
            index += 1
        }
        guard index > content.lowerBound else { throw .badRequest("invalid chunk size") }
        while index < content.upperBound && HTTPBytes.isWhitespace(buffer[index]) { index += 1 }
        if index < content.upperBound {
            guard buffer[index] == HTTPBytes.semicolon else { throw .badRequest("invalid chunk size") }
            for position in index..<content.upperBound where !HTTPBytes.isFieldValue(buffer[position]) {
                throw .badRequest("invalid chunk extension")
            }
        }
        guard size <= UInt64(limits.maxBodyBytes - chunkedTotal) else { throw .bodyTooLarge }
        return Int(size)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
