import Testing

@testable import LoadGenerator

@Suite struct ResponseStreamTests {
    /// Pipelined responses of every framing the generator meets.
    static let wire = Array(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}"
            + "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 201 Created\r\ncontent-length: 32\r\n\r\n{\"inserted\": 5, \"duplicates\": 0}"
            + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
            + "Link: </api/v1/x/runs?limit=2&cursor=abc>; rel=\"next\"\r\n\r\n"
            + "4\r\n[1,2\r\n3;ext=1\r\n,3]\r\n0\r\nX-Trailer: 1\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\n\r\n"
            + "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno").utf8)

    static let expected: [(Int, String, Bool, String?)] = [
        (200, "{\"status\":\"ok\"}", false, nil),
        (201, "{\"inserted\": 5, \"duplicates\": 0}", false, nil),
        (200, "[1,2,3]", false, "/api/v1/x/runs?limit=2&cursor=abc"),
        (204, "", false, nil),
        (503, "no", true, nil),
    ]

    private func parse(_ chunks: [ArraySlice<UInt8>]) throws -> [ParsedResponse] {
        var stream = ResponseStream(captureBody: true)
        var responses: [ParsedResponse] = []
        for chunk in chunks {
            try Array(chunk).withUnsafeBytes { bytes in
                try stream.feed(bytes) { response in
                    responses.append(response)
                    return true
                }
            }
        }
        #expect(!stream.isMidResponse)
        return responses
    }

    private func check(_ responses: [ParsedResponse], _ context: String) {
        #expect(responses.count == Self.expected.count, "\(context)")
        for (response, expected) in zip(responses, Self.expected) {
            #expect(response.status == expected.0, "\(context)")
            #expect(String(decoding: response.body, as: UTF8.self) == expected.1, "\(context)")
            #expect(response.closes == expected.2, "\(context)")
            #expect(response.nextLink == expected.3, "\(context)")
        }
        #expect(responses.reduce(0) { $0 + $1.size } == Self.wire.count - 25, "\(context)")  // less the 100 Continue
    }

    @Test func parsesPipelinedResponsesInOneRead() throws {
        check(try parse([Self.wire[...]]), "whole")
    }

    @Test func parsesTheSameAtEverySplitPoint() throws {
        for split in 0...Self.wire.count {
            check(try parse([Self.wire[..<split], Self.wire[split...]]), "split at \(split)")
        }
    }

    @Test func parsesOneByteAtATime() throws {
        check(try parse(Self.wire.indices.map { Self.wire[$0...$0] }), "bytewise")
    }

    @Test func readsABodyUntilCloseWithoutLength() throws {
        var stream = ResponseStream(captureBody: true)
        var responses: [ParsedResponse] = []
        try Array("HTTP/1.0 200 OK\r\n\r\nhello".utf8).withUnsafeBytes { bytes in
            try stream.feed(bytes) {
                responses.append($0); return true
            }
        }
        #expect(responses.isEmpty)
        try stream.finish {
            responses.append($0); return true
        }
        #expect(responses.first.map { String(decoding: $0.body, as: UTF8.self) } == "hello")
        #expect(responses.first?.closes == true)
    }

    @Test(arguments: [
        "HTTX/1.1 200 OK\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ])
    func rejectsMalformedResponses(text: String) {
        var stream = ResponseStream()
        #expect(throws: ResponseParseError.self) {
            try Array(text.utf8).withUnsafeBytes { bytes in try stream.feed(bytes) { _ in true } }
        }
    }

    @Test func reportsAResponseCutByTheConnectionClosing() throws {
        var stream = ResponseStream()
        try Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8).withUnsafeBytes { bytes in
            try stream.feed(bytes) { _ in true }
        }
        #expect(throws: ResponseParseError.truncated) { try stream.finish { _ in true } }
    }
}
