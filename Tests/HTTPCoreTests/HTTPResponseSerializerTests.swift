import Testing

@testable import HTTPCore

@Suite struct HTTPResponseSerializerTests {
    /// 2026-11-24 18:29:06 UTC, so output is byte-exact.
    private let date = HTTPDateCache(now: { 1_795_544_946 })
    private let serializer = HTTPResponseSerializer()

    private func serialize(
        _ response: HTTPResponse, version: HTTPVersion = .http1_1, keepAlive: Bool = true, omitBody: Bool = false
    ) -> String {
        var buffer: [UInt8] = []
        serializer.write(
            response, version: version, keepAlive: keepAlive, omitBody: omitBody, date: date, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    private let hello = HTTPResponse(
        status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain")]), body: Array("hello".utf8))

    @Test func writesStatusServerDateHeadersLengthAndBody() {
        #expect(
            serialize(hello)
                == "HTTP/1.1 200 OK\r\nServer: agent-metrics\r\nX-Content-Type-Options: nosniff\r\n"
                + "Date: Tue, 24 Nov 2026 18:29:06 GMT\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
    }

    @Test func appendsAfterExistingBytesForPipelining() {
        var buffer = Array("previous".utf8)
        serializer.write(hello, version: .http1_1, keepAlive: true, omitBody: false, date: date, into: &buffer)
        serializer.write(hello, version: .http1_1, keepAlive: true, omitBody: false, date: date, into: &buffer)
        let text = String(decoding: buffer, as: UTF8.self)
        #expect(text.hasPrefix("previousHTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix("hello"))
        #expect(text.utf8.count == "previous".utf8.count + 2 * serialize(hello).utf8.count)
    }

    @Test func headResponseOmitsBodyButKeepsItsLength() {
        let text = serialize(hello, omitBody: true)
        #expect(text.hasSuffix("Content-Length: 5\r\n\r\n"))
    }

    @Test func closesConnectionWhenNotKeepingAlive() {
        #expect(serialize(hello, keepAlive: false).contains("Content-Length: 5\r\nConnection: close\r\n\r\n"))
    }

    @Test func announcesKeepAliveToHTTP10Clients() {
        let text = serialize(hello, version: .http1_0)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("Content-Length: 5\r\nConnection: keep-alive\r\n\r\n"))
    }

    @Test func sendsNoConnectionHeaderForHTTP11KeepAlive() {
        #expect(!serialize(hello).contains("Connection:"))
    }

    @Test func replacesHandlerContentLengthWithBodyCount() {
        let response = HTTPResponse(
            headers: HTTPHeaders([("content-length", "999"), ("Transfer-Encoding", "chunked")]), body: [1, 2, 3])
        let text = serialize(response)
        #expect(!text.contains("999"))
        #expect(!text.contains("chunked"))
        #expect(text.ranges(of: "Content-Length").count == 1)
        #expect(text.contains("Content-Length: 3\r\n"))
    }

    @Test func dropsHeadersThatWouldInjectLines() {
        let response = HTTPResponse(
            headers: HTTPHeaders([
                ("X-Good", "fine"), ("X-Bad", "a\r\nSet-Cookie: evil=1"), ("X-Bad\r\nSet-Cookie", "evil=1"),
                ("X-Lf", "a\nb"), ("", "empty name"),
            ]))
        let text = serialize(response)
        #expect(text.contains("X-Good: fine\r\n"))
        #expect(!text.contains("evil"))
        #expect(!text.contains("X-Lf"))
        #expect(!text.contains("empty name"))
    }

    @Test func stripsLineBreaksFromCustomReasonPhrase() {
        let response = HTTPResponse(status: HTTPStatus(code: 299, reason: "Odd\r\nX-Injected: 1"))
        #expect(serialize(response).hasPrefix("HTTP/1.1 299 OddX-Injected: 1\r\nServer: "))
    }

    @Test func writesCustomReasonForStandardCode() {
        #expect(
            serialize(HTTPResponse(status: HTTPStatus(code: 200, reason: "Fine"))).hasPrefix("HTTP/1.1 200 Fine\r\n"))
    }

    @Test func turnsOutOfRangeStatusCodeInto500() {
        #expect(
            serialize(HTTPResponse(status: HTTPStatus(code: 42, reason: "Nope"))).hasPrefix(
                "HTTP/1.1 500 Internal Server Error\r\n"))
    }

    @Test(arguments: [HTTPStatus.noContent, .notModified])
    func noContentStatusesCarryNeitherBodyNorLength(status: HTTPStatus) {
        let text = serialize(HTTPResponse(status: status, body: Array("ignored".utf8)))
        #expect(!text.contains("Content-Length"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test func writesZeroLengthForEmptyBody() {
        #expect(serialize(HTTPResponse(status: .created)).hasSuffix("Content-Length: 0\r\n\r\n"))
    }

    @Test func writesMultiDigitLengths() {
        let text = serialize(HTTPResponse(body: Array(repeating: 0x61, count: 12_345)))
        #expect(text.contains("Content-Length: 12345\r\n"))
    }

    @Test func usesConfiguredServerName() {
        var buffer: [UInt8] = []
        HTTPResponseSerializer(serverName: "test/1.0").write(
            hello, version: .http1_1, keepAlive: true, omitBody: false, date: date, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self).contains("\r\nServer: test/1.0\r\n"))
    }

    @Test func continueResponseIsTheInterimStatusLine() {
        #expect(HTTPResponseSerializer.continueResponse == Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }

    @Test func writesFixedHeadersOnEveryResponseAndDropsHandlerCopies() {
        let serializer = HTTPResponseSerializer(
            fixedHeaders: HTTPHeaders([("Strict-Transport-Security", "max-age=60"), ("Bad\r\nName", "x")]))
        let response = HTTPResponse(
            status: .notFound,
            headers: HTTPHeaders([
                ("x-content-type-options", "sniff"), ("Strict-Transport-Security", "max-age=0"), ("A", "b"),
            ]))
        var buffer: [UInt8] = []
        serializer.write(response, version: .http1_1, keepAlive: true, omitBody: false, date: date, into: &buffer)
        #expect(
            String(decoding: buffer, as: UTF8.self)
                == "HTTP/1.1 404 Not Found\r\nServer: agent-metrics\r\nX-Content-Type-Options: nosniff\r\n"
                + "Strict-Transport-Security: max-age=60\r\nDate: Tue, 24 Nov 2026 18:29:06 GMT\r\n"
                + "A: b\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func preparedHeaderLinesWriteTheSameBytesAsTheFields() {
        var response = HTTPResponse(
            headers: HTTPHeaders([
                ("Content-Type", "application/json"), ("Date", "handler's"), ("X-Bad", "a\r\nSet-Cookie: evil=1"),
                ("Vary", "Accept-Encoding"),
            ]),
            body: Array("{}".utf8))
        let asFields = serialize(response)
        response.prepareHeaderLines()
        #expect(
            response.preparedHeaderLines.map { String(decoding: $0, as: UTF8.self) }
                == "Content-Type: application/json\r\nVary: Accept-Encoding\r\n")
        #expect(serialize(response) == asFields)
    }

    @Test func changingHeadersDiscardsPreparedLines() {
        var response = hello
        response.prepareHeaderLines()
        response.headers.add(name: "Access-Control-Allow-Origin", value: "*")
        #expect(response.preparedHeaderLines == nil)
        #expect(serialize(response).contains("Content-Type: text/plain\r\nAccess-Control-Allow-Origin: *\r\n"))
    }
}
