import HTTPCore

/// libFuzzer entry point (`make fuzz`): feeds arbitrary bytes to the HTTP/1.1 request parser the way a
/// connection does (advance by `consumed`, call again) and traps if the parser ever claims more bytes than
/// it was given or stops making progress. Built with `-sanitize=fuzzer,address`, so any over-read crashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeRawBufferPointer(start: data, count: size)
    var parser = HTTPRequestParser(
        limits: HTTPParserLimits(maxHeaderBytes: 2048, maxURIBytes: 512, maxBodyBytes: 1 << 16))
    var offset = 0
    var idleSteps = 0
    while offset <= size {
        let rest = UnsafeRawBufferPointer(rebasing: buffer[offset...])
        let consumed: Int
        switch parser.parse(rest) {
        case .needMore, .error:
            return 0
        case .head(_, let count), .body(_, let count), .end(let count):
            consumed = count
        }
        precondition(consumed >= 0 && consumed <= rest.count, "parser consumed bytes it was not given")
        // `.end` right after `.head` may consume nothing; anything longer would be a livelock.
        idleSteps = consumed == 0 ? idleSteps + 1 : 0
        precondition(idleSteps < 4, "parser stopped making progress")
        offset += consumed
    }
    return 0
}
