import HTTPCore
import Testing
import TestSupport

/// `Accept-Encoding` read with its weights, and gzip bodies that decode to what went in.
@Suite struct ContentCodingTests {
    @Test(arguments: [
        ("gzip", true), ("GZIP", true), ("x-gzip", true), ("deflate, gzip", true), ("gzip;q=0.5", true),
        ("gzip; q=1.000", true), ("gzip ;Q=0.001", true), ("br;q=1, *;q=0.1", true), ("*", true),
        ("gzip;q=0", false), ("gzip;q=0.000", false), ("gzip;q=0, *", false), ("*;q=0", false), ("identity", false),
        ("", false), ("deflate, br", false), ("gzip;q=2", false), ("gzip;q=1.5", false), ("gzip;q=0.1234", false),
        ("gzip;q=", false), ("gzip;q=-1", false), ("gzip;q=abc", false), ("gzip;q=0.5x", false),
        ("*;q=0.2, gzip;q=0", false), ("gzip;level=9", true), ("gzip;q=0.5;level=1", true), (" , ,gzip", true),
        ("gzipx", false), ("x-gzip;q=0, gzip", false), (";q=1", false),
    ])
    func acceptEncodingHonoursWeights(value: String, expected: Bool) {
        #expect(AcceptEncoding.allowsGzip(HTTPHeaders([("Accept-Encoding", value)])) == expected, "\(value)")
    }

    @Test func severalFieldsCountAsOneListAndNoFieldMeansNoGzip() {
        #expect(AcceptEncoding.allowsGzip(HTTPHeaders([("accept-encoding", "br"), ("Accept-Encoding", "gzip")])))
        #expect(!AcceptEncoding.allowsGzip(HTTPHeaders([("Accept-Encoding", "gzip;q=0"), ("Accept-Encoding", "*")])))
        #expect(!AcceptEncoding.allowsGzip(HTTPHeaders([("Accept", "gzip")])))
    }

    @Test func gzipRoundTripsAnyBody() {
        var random = SeededGenerator(seed: 1952)
        let repetitive = Array(String(repeating: #"{"name":"agent","runs":12345},"#, count: 5000).utf8)
        let noise = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        for body in [repetitive, noise, [], [0x41]] {
            let compressed = Gzip.compress(body)
            #expect(compressed.flatMap { try? Gzip.decompress($0, limit: 1 << 30) } == body)
            #expect(compressed?.prefix(2) == [0x1F, 0x8B])
        }
        #expect((Gzip.compress(repetitive)?.count ?? .max) < repetitive.count / 20)
    }

    @Test func largeBodiesVaryAndCompressOnceSmallOnesNever() throws {
        let large = Array(String(repeating: "[1,2,3]", count: 1000).utf8)
        let rendered = CompressibleResponse(
            HTTPResponse(headers: HTTPHeaders([("Content-Type", "application/json")]), body: large))
        #expect(rendered.response(acceptsGzip: false).body == large)
        #expect(rendered.response(acceptsGzip: false).headers["Vary"] == "Accept-Encoding")
        #expect(rendered.response(acceptsGzip: false).headers["Content-Encoding"] == nil)
        let gzip = rendered.response(acceptsGzip: true)
        #expect(gzip.headers["Content-Encoding"] == "gzip")
        #expect(gzip.headers["Vary"] == "Accept-Encoding")
        #expect(gzip.headers["Content-Type"] == "application/json")
        #expect(try Gzip.decompress(gzip.body, limit: 1 << 30) == large)
        // The second answer shares the first one's compressed buffer: it was not compressed again.
        let again = rendered.response(acceptsGzip: true).body
        #expect(
            again.withUnsafeBufferPointer { $0.baseAddress } == gzip.body.withUnsafeBufferPointer { $0.baseAddress })

        let small = CompressibleResponse(
            HTTPResponse(body: Array(repeating: 0x20, count: CompressibleResponse.threshold)))
        #expect(small.response(acceptsGzip: true).headers["Content-Encoding"] == nil)
        #expect(small.response(acceptsGzip: true).headers["Vary"] == nil)
        let request = HTTPRequest(method: "GET", path: "/", headers: HTTPHeaders([("Accept-Encoding", "gzip")]))
        #expect(rendered.response(for: request).headers["Content-Encoding"] == "gzip")
    }
}
