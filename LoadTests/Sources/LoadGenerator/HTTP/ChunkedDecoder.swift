/// Walks a chunked body byte by byte across any number of reads, without buffering: it only needs to know
/// where the body ends (and, when asked, which bytes are data).
public struct ChunkedDecoder: Sendable, Equatable {
    private enum State: Sendable, Equatable {
        case size(Int, digits: Int)
        case extensionText
        case sizeLF
        case data(Int)
        case dataCR
        case dataLF
        /// After the last chunk: trailer lines until an empty one. `lineLength` counts bytes of the current line.
        case trailer(lineLength: Int)
        case trailerLF(lineLength: Int)
        case done
    }

    private var state = State.size(0, digits: 0)
    private var lastChunk = false

    public init() {}

    /// Whether the terminating chunk and trailers have been consumed.
    public var isComplete: Bool { state == .done }

    /// Consumes from `buffer` up to the end of the body; calls `onData` with each run of body data.
    /// Returns the bytes consumed.
    public mutating func consume(
        _ buffer: UnsafeRawBufferPointer, onData: (UnsafeRawBufferPointer) -> Void
    ) throws(ResponseParseError) -> Int {
        var index = 0
        while index < buffer.count {
            let byte = buffer[index]
            switch state {
            case .size(let size, let digits):
                if let digit = Self.hexValue(byte) {
                    guard digits < 15 else { throw .badChunk }
                    state = .size(size << 4 | digit, digits: digits + 1)
                } else {
                    guard digits > 0 else { throw .badChunk }
                    lastChunk = size == 0
                    pendingSize = size
                    if byte == UInt8(ascii: "\r") {
                        state = .sizeLF
                    } else if byte == UInt8(ascii: "\n") {
                        enterData()
                    } else if byte == UInt8(ascii: ";") || byte == 0x20 || byte == 0x09 {
                        state = .extensionText
                    } else {
                        throw .badChunk
                    }
                }
                index += 1
            case .extensionText:
                if byte == UInt8(ascii: "\n") { enterData() } else if byte == UInt8(ascii: "\r") { state = .sizeLF }
                index += 1
            case .sizeLF:
                guard byte == UInt8(ascii: "\n") else { throw .badChunk }
                enterData()
                index += 1
            case .data(let remaining):
                let take = min(remaining, buffer.count - index)
                onData(UnsafeRawBufferPointer(rebasing: buffer[index..<(index + take)]))
                index += take
                state = take == remaining ? .dataCR : .data(remaining - take)
            case .dataCR:
                if byte == UInt8(ascii: "\r") {
                    state = .dataLF
                } else if byte == UInt8(ascii: "\n") {
                    state = .size(0, digits: 0)
                } else {
                    throw .badChunk
                }
                index += 1
            case .dataLF:
                guard byte == UInt8(ascii: "\n") else { throw .badChunk }
                state = .size(0, digits: 0)
                index += 1
            case .trailer(let lineLength):
                if byte == UInt8(ascii: "\n") {
                    state = lineLength == 0 ? .done : .trailer(lineLength: 0)
                } else if byte == UInt8(ascii: "\r") {
                    state = .trailerLF(lineLength: lineLength)
                } else {
                    state = .trailer(lineLength: lineLength + 1)
                }
                index += 1
            case .trailerLF(let lineLength):
                guard byte == UInt8(ascii: "\n") else { throw .badChunk }
                state = lineLength == 0 ? .done : .trailer(lineLength: 0)
                index += 1
            case .done:
                return index
            }
            if state == .done { return index }
        }
        return index
    }

    private var pendingSize = 0

    private mutating func enterData() {
        state = lastChunk ? .trailer(lineLength: 0) : .data(pendingSize)
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
