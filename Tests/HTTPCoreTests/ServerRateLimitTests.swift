import Testing
import TestSupport

@testable import HTTPCore

/// The per-address request limit over real sockets.
struct ServerRateLimitTests {
    @Test func requestsOverTheAddressLimitGet429AndTheConnectionStaysOpen() throws {
        // Five pipelined requests in one write, against a burst of three refilled at one a second:
        // the five are served within microseconds, so exactly three pass.
        let server = try TestServer { $0.rateLimitPerAddress = TokenBucket.Limit(ratePerSecond: 1, burst: 3) }
        defer { server.stop() }
        let client = try TestClient(port: server.port)
        let request = "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n"
        try client.send(
            String(repeating: request, count: 4) + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi")
        let responses = try (0..<5).map { _ in try client.readResponse() }
        #expect(responses.map(\.status) == [200, 200, 200, 429, 429])
        #expect(responses[3].errorCode == "rate_limited")
        #expect(responses[3].header("Retry-After") == "1")
        // The connection stays open after a 429.
        #expect(responses[4].header("Connection") != "close")
    }
}
