import Testing

@testable import LoadGenerator

/// The generator's requests must pass the server's checks: a `Host`, and JSON posts declared as JSON
/// (the server answers any other `Content-Type` 415).
@Suite struct RequestBuilderTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func postDeclaresJSONAndHost() {
        let wire = text(
            RequestBuilder.post("/api/v1/agents/a/register", host: "127.0.0.1:8080", json: Array("{}".utf8)))
        #expect(wire.hasPrefix("POST /api/v1/agents/a/register HTTP/1.1\r\n"))
        #expect(wire.contains("\r\nHost: 127.0.0.1:8080\r\n"))
        #expect(wire.contains("\r\nContent-Type: application/json\r\n"))
        #expect(wire.hasSuffix("Content-Length: 2\r\n\r\n{}"))
    }

    @Test func getCarriesHost() {
        #expect(text(RequestBuilder.get("/healthz", host: "h:1")).contains("\r\nHost: h:1\r\n"))
    }
}
