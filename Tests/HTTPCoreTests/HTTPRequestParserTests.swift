import HTTPCore
import Testing

/// Every case is fed whole, split at each byte boundary, and one byte per read, because a socket may deliver
/// any of these and the result must not depend on which.
@Suite struct HTTPRequestParserTests {
    @Test(arguments: validRequestCases)
    func acceptsValidRequestsHoweverTheyAreSplit(_ testCase: ValidRequestCase) {
        let expected = ParseOutcome(requests: testCase.expected, error: nil)
        for (label, outcome) in outcomesForEveryDelivery(of: testCase.input) where outcome != expected {
            #expect(outcome == expected, "\(label)")
            break
        }
    }

    @Test(arguments: invalidRequestCases)
    func rejectsInvalidRequestsHoweverTheyAreSplit(_ testCase: InvalidRequestCase) {
        let expected = ParseOutcome(requests: testCase.before, error: testCase.error)
        for (label, outcome) in outcomesForEveryDelivery(of: testCase.input) where outcome != expected {
            #expect(outcome == expected, "\(label)")
            break
        }
    }

    @Test func endsBodilessRequestWithoutConsumingRightAfterHead() {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        let bytes = Array("GET / HTTP/1.1\r\n\r\nnext".utf8)
        bytes.withUnsafeBytes { buffer in
            guard case .head(_, let consumed) = parser.parse(buffer) else {
                Issue.record("expected a head")
                return
            }
            #expect(consumed == 18)
            #expect(parser.parse(UnsafeRawBufferPointer(rebasing: buffer[consumed...])) == .end(consumed: 0))
        }
    }

    @Test func returnsPartialBodySpansAsTheyArrive() {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        let head = Array("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n".utf8)
        let firstPart = head + Array("abc".utf8)
        firstPart.withUnsafeBytes { buffer in
            guard case .head(let parsed, let consumed) = parser.parse(buffer) else {
                Issue.record("expected a head")
                return
            }
            #expect(parsed.contentLength == 10)
            #expect(consumed == head.count)
            let rest = UnsafeRawBufferPointer(rebasing: buffer[consumed...])
            #expect(parser.parse(rest) == .body(0..<3, consumed: 3))
            #expect(parser.parse(UnsafeRawBufferPointer(rebasing: rest[3...])) == .needMore)
        }
        Array("defghij".utf8).withUnsafeBytes { buffer in
            #expect(parser.parse(buffer) == .body(0..<7, consumed: 7))
            #expect(parser.parse(UnsafeRawBufferPointer(rebasing: buffer[7...])) == .end(consumed: 0))
        }
    }

    @Test func skipsChunkFramingInsideTheReturnedSpan() {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        _ = Array("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".utf8).withUnsafeBytes { parser.parse($0) }
        Array("4;x=y\r\nWiki\r\n0\r\n\r\n".utf8).withUnsafeBytes { buffer in
            #expect(parser.parse(buffer) == .body(7..<11, consumed: 11))
            #expect(parser.parse(UnsafeRawBufferPointer(rebasing: buffer[11...])) == .end(consumed: 7))
        }
    }

    @Test func keepsReportingTheErrorAfterFailing() {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        Array("GET / HTTP/9.9\r\n\r\n".utf8).withUnsafeBytes { buffer in
            #expect(parser.parse(buffer) == .error(.unsupportedVersion))
            #expect(parser.parse(buffer) == .error(.unsupportedVersion))
        }
    }

    @Test func resetDiscardsAPartialRequestAndAnError() {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        _ = Array("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n".utf8).withUnsafeBytes { parser.parse($0) }
        parser.reset()
        Array("GET /again HTTP/1.1\r\n\r\n".utf8).withUnsafeBytes { buffer in
            guard case .head(let head, _) = parser.parse(buffer) else {
                Issue.record("expected a head after reset")
                return
            }
            #expect(head.path == "/again")
        }
        _ = Array("BAD\r\n".utf8).withUnsafeBytes { parser.parse($0) }
        parser.reset()
        Array("GET / HTTP/1.1\r\n\r\n".utf8).withUnsafeBytes { buffer in
            guard case .head = parser.parse(buffer) else {
                Issue.record("expected a head after resetting an error")
                return
            }
        }
    }

    @Test func makesARequestFromTheHeadAndCollectedBody() {
        let head = HTTPRequestHead(
            method: "PUT", path: "/a%20b", query: "x=1", version: .http1_0,
            headers: HTTPHeaders([("Content-Type", "text/plain")]), contentLength: 2, keepAlive: false)
        let request = head.makeRequest(body: Array("hi".utf8))
        #expect(request.method == "PUT")
        #expect(request.path == "/a%20b")
        #expect(request.query == "x=1")
        #expect(request.version == .http1_0)
        #expect(request.headers == head.headers)
        #expect(request.body == Array("hi".utf8))
        #expect(request.pathParameters.isEmpty)
    }
}
