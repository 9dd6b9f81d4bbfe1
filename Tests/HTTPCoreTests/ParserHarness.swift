import HTTPCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A request as the connection hands it on: its head and its de-chunked body.
struct ParsedRequest: Sendable, Equatable {
    var head: HTTPRequestHead
    var body: [UInt8]

    init(_ head: HTTPRequestHead, body: String = "") {
        self.head = head
        self.body = Array(body.utf8)
    }
}

/// Everything a parser run produced, compared as one value so a failure shows the whole picture.
struct ParseOutcome: Sendable, Equatable {
    var requests: [ParsedRequest]
    var error: HTTPParseError?
    /// Ways the parser broke its contract with the connection (bad ranges, no progress, leftovers).
    var violations: [String] = []
}

/// Drives `HTTPRequestParser` the way the connection does: one growing buffer, a read offset advanced by
/// each step's `consumed`, and `parse` calls until `.needMore`.
///
/// Each call sees the unconsumed bytes copied to the end of a page followed by an inaccessible one, as
/// picohttpparser's tests do, so reading past the buffer crashes instead of passing by luck. This also moves
/// the buffer between calls, proving the parser keeps offsets rather than pointers.
struct ParserHarness {
    private var parser: HTTPRequestParser
    private var buffer: [UInt8] = []
    private var offset = 0
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private(set) var requests: [ParsedRequest] = []
    private(set) var error: HTTPParseError?
    private(set) var violations: [String] = []

    init(limits: HTTPParserLimits = HTTPParserLimits()) {
        parser = HTTPRequestParser(limits: limits)
    }

    /// Body bytes delivered for the request in progress.
    var partialBody: [UInt8] { body }

    /// Appends `bytes` as if read from the socket, then parses as far as they allow.
    mutating func feed(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        var stepsWithoutProgress = 0
        while error == nil {
            let unconsumed = buffer[offset...]
            let step = GuardedBytes.with(unconsumed) { parser.parse($0) }
            let consumed: Int
            switch step {
            case .needMore:
                return
            case .head(let parsed, let count):
                if head != nil { violations.append("head while a request is in progress") }
                head = parsed
                consumed = count
            case .body(let range, let count):
                if head == nil { violations.append("body before head") }
                if range.isEmpty || range.upperBound > count {
                    violations.append("body range \(range) with consumed \(count)")
                    return
                }
                body.append(contentsOf: unconsumed.dropFirst(range.lowerBound).prefix(range.count))
                consumed = count
            case .end(let count):
                if let head {
                    requests.append(ParsedRequest(head: head, body: body))
                } else {
                    violations.append("end before head")
                }
                head = nil
                body = []
                consumed = count
            case .error(let parseError):
                error = parseError
                return
            }
            guard consumed >= 0 && consumed <= unconsumed.count else {
                violations.append("consumed \(consumed) of \(unconsumed.count) bytes")
                return
            }
            offset += consumed
            // `.end(consumed: 0)` right after a head is legal; a run of zero-length steps is a livelock.
            stepsWithoutProgress = consumed == 0 ? stepsWithoutProgress + 1 : 0
            if stepsWithoutProgress > 2 {
                violations.append("no progress")
                return
            }
        }
    }

    /// The outcome; for a run that ended without error, leftover bytes or a half-read request are violations.
    func outcome() -> ParseOutcome {
        var violations = violations
        if error == nil {
            if offset != buffer.count { violations.append("\(buffer.count - offset) bytes left unconsumed") }
            if head != nil { violations.append("request left incomplete") }
        }
        return ParseOutcome(requests: requests, error: error, violations: violations)
    }
}

extension ParsedRequest {
    fileprivate init(head: HTTPRequestHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }
}

/// Copies bytes so they end exactly where an inaccessible page begins.
enum GuardedBytes {
    static func with<R>(_ bytes: ArraySlice<UInt8>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let dataPages = (bytes.count + pageSize - 1) / pageSize
        let length = (dataPages + 1) * pageSize
        guard let mapping = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            mapping != MAP_FAILED
        else { fatalError("mmap failed") }
        defer { munmap(mapping, length) }
        let guardPage = mapping + dataPages * pageSize
        precondition(mprotect(guardPage, pageSize, PROT_NONE) == 0, "mprotect failed")
        let start = guardPage - bytes.count
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { start.copyMemory(from: base, byteCount: bytes.count) }
        }
        return body(UnsafeRawBufferPointer(start: start, count: bytes.count))
    }
}

/// Parses `input` delivered in every way a socket could split it: whole, at each split point (the first `k`
/// bytes, then the rest), and one byte per read. Returns each delivery's label and outcome.
func outcomesForEveryDelivery(
    of input: [UInt8],
    limits: HTTPParserLimits = HTTPParserLimits(),
    splitPoints: [Int]? = nil,
    byteByByte: Bool = true
) -> [(label: String, outcome: ParseOutcome)] {
    var results: [(label: String, outcome: ParseOutcome)] = []
    var whole = ParserHarness(limits: limits)
    whole.feed(input)
    results.append(("whole", whole.outcome()))
    for split in splitPoints ?? Array(1..<max(input.count, 1)) {
        var harness = ParserHarness(limits: limits)
        harness.feed(input[..<split])
        harness.feed(input[split...])
        results.append(("split at \(split)", harness.outcome()))
    }
    if byteByByte {
        var harness = ParserHarness(limits: limits)
        for byte in input { harness.feed(CollectionOfOne(byte)) }
        results.append(("byte by byte", harness.outcome()))
    }
    return results
}
