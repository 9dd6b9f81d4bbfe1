import HTTPCore
import Testing

/// Each limit is tested at its boundary and one byte past it, and oversized input is refused as early as it
/// can be known, before the rest of it arrives.
@Suite struct HTTPRequestParserLimitsTests {
    private let small = HTTPParserLimits(maxHeaderBytes: 256, maxURIBytes: 64, maxBodyBytes: 1000)

    /// A head of exactly `size` bytes: request line, one padding header, blank line.
    private func head(ofSize size: Int) -> [UInt8] {
        let fixed = "GET / HTTP/1.1\r\nX-Pad: \r\n\r\n".utf8.count
        return Array("GET / HTTP/1.1\r\nX-Pad: \(String(repeating: "p", count: size - fixed))\r\n\r\n".utf8)
    }

    private func single(_ input: [UInt8], limits: HTTPParserLimits) -> ParseOutcome {
        var harness = ParserHarness(limits: limits)
        harness.feed(input)
        return harness.outcome()
    }

    @Test func acceptsHeadExactlyAtTheLimitInEverySplit() {
        let input = head(ofSize: 256)
        #expect(input.count == 256)
        for (label, outcome) in outcomesForEveryDelivery(of: input, limits: small)
        where outcome.error != nil || outcome.requests.count != 1 || !outcome.violations.isEmpty {
            Issue.record("\(label): \(outcome)")
            break
        }
    }

    @Test func rejectsHeadOneByteOverTheLimitInEverySplit() {
        let input = head(ofSize: 257)
        for (label, outcome) in outcomesForEveryDelivery(of: input, limits: small)
        where outcome.error != .headerTooLarge {
            Issue.record("\(label): \(outcome)")
            break
        }
    }

    @Test func rejectsUnterminatedHeadOnceItPassesTheLimit() {
        let unterminated = Array(head(ofSize: 300).prefix(257))
        #expect(single(Array(unterminated.prefix(256)), limits: small).error == nil)
        #expect(single(unterminated, limits: small).error == .headerTooLarge)
    }

    @Test func rejectsAFloodOfBlankLines() {
        let blankLines = Array(String(repeating: "\r\n", count: 200).utf8)
        #expect(single(blankLines, limits: small).error == .headerTooLarge)
    }

    @Test func acceptsTargetExactlyAtTheLimit() {
        let target = "/" + String(repeating: "u", count: 63)
        let outcome = single(Array("GET \(target) HTTP/1.1\r\n\r\n".utf8), limits: small)
        #expect(outcome.requests.first?.head.path == target)
    }

    @Test func rejectsLongTargetBeforeTheRequestLineEnds() {
        let partial = Array(("GET /" + String(repeating: "u", count: 64)).utf8)
        #expect(single(Array(partial.dropLast()), limits: small).error == nil)
        #expect(single(partial, limits: small).error == .uriTooLong)
    }

    @Test func rejectsLongTargetWithDefaultLimitsBeforeTheHeadCompletes() {
        let partial = Array(("GET /" + String(repeating: "u", count: 8 * 1024) + " HTTP/1.1\r\nHost: a\r\n").utf8)
        let outcomes = outcomesForEveryDelivery(of: partial, splitPoints: [1, 100, 8 * 1024, partial.count - 1])
        for (label, outcome) in outcomes where outcome.error != .uriTooLong {
            Issue.record("\(label): \(outcome)")
            break
        }
    }

    @Test func rejectsOverlongMethodBeforeTheRequestLineEnds() {
        let method = Array(String(repeating: "M", count: 65).utf8)
        #expect(single(Array(method.dropLast()), limits: small).error == nil)
        #expect(single(method, limits: small).error == .badRequest("method too long"))
    }

    @Test func acceptsContentLengthExactlyAtTheBodyLimit() {
        let body = String(repeating: "b", count: 1000)
        let outcome = single(Array("POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n\(body)".utf8), limits: small)
        #expect(outcome.requests.first?.body.count == 1000)
        #expect(outcome.error == nil)
    }

    @Test func rejectsContentLengthOverTheBodyLimitBeforeAnyBodyArrives() {
        let headOnly = Array("POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n".utf8)
        #expect(single(headOnly, limits: small).error == .bodyTooLarge)
        let huge = Array("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n".utf8)
        #expect(single(huge, limits: small).error == .bodyTooLarge)
    }

    @Test func rejectsChunkedBodyWhoseTotalPassesTheLimit() {
        let input = Array(
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + String(repeating: "c", count: 600)
                + "\r\n191\r\n").utf8)
        var harness = ParserHarness(limits: small)
        harness.feed(input)
        #expect(harness.error == .bodyTooLarge)
        #expect(harness.partialBody.count == 600)
    }

    @Test func acceptsChunkedBodyExactlyAtTheLimit() {
        let input = Array(
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n" + String(repeating: "c", count: 1000)
                + "\r\n0\r\n\r\n").utf8)
        #expect(single(input, limits: small).requests.first?.body.count == 1000)
    }

    @Test func rejectsTrailersOverTheHeaderLimit() {
        let trailer = "X-T: " + String(repeating: "t", count: 300) + "\r\n"
        let input = Array(("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + trailer + "\r\n").utf8)
        #expect(single(input, limits: small).error == .headerTooLarge)
    }

    @Test func rejectsAnOverlongChunkSizeLine() {
        let line = "1;" + String(repeating: "e", count: 5000)
        let input = Array(("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + line).utf8)
        #expect(single(input, limits: HTTPParserLimits()).error == .badRequest("chunk size line too long"))
    }
}
