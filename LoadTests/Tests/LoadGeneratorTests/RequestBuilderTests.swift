import Testing

@testable import LoadGenerator

/// The generator's requests must pass the server's checks: a `Host`, and JSON posts declared as JSON
/// (the server answers any other `Content-Type` 415).
@Suite struct RequestBuilderTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func postDeclaresJSONAndHost() {
        let wire = text(
            RequestBuilder.post(
                "/api/v1/agents/a/register", headers: .init(host: "127.0.0.1:8080"), json: Array("{}".utf8)))
        #expect(wire.hasPrefix("POST /api/v1/agents/a/register HTTP/1.1\r\n"))
        #expect(wire.contains("\r\nHost: 127.0.0.1:8080\r\n"))
        #expect(wire.contains("\r\nContent-Type: application/json\r\n"))
        #expect(wire.hasSuffix("Content-Length: 2\r\n\r\n{}"))
    }

    @Test func getCarriesHost() {
        #expect(text(RequestBuilder.get("/healthz", headers: .init(host: "h:1"))).contains("\r\nHost: h:1\r\n"))
    }

    @Test func everyRequestCarriesTheAPIKeyWhenOneIsGiven() throws {
        var url = try TargetURL("http://127.0.0.1:8080/api/v1/ui/stats")
        #expect(!text(RequestBuilder.get("/x", headers: url.fixedHeaders)).contains("Authorization"))
        url.apiKey = "am_key"
        let get = text(RequestBuilder.get("/x", headers: url.fixedHeaders))
        let post = text(RequestBuilder.post("/x", headers: url.fixedHeaders, json: Array("{}".utf8)))
        for wire in [get, post] {
            #expect(wire.contains("\r\nAuthorization: Bearer am_key\r\n"))
            #expect(wire.components(separatedBy: "\r\n\r\n").count == 2)
        }
    }
}
