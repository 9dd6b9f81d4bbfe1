import HTTPCore
import Testing
import TestSupport

@testable import MetricsService

/// The per-key request limit through the real service: one budget per key, shared by every
/// connection and loop, separate from other keys'.
struct APIKeyRateLimitTests {
    @Test func exactlyTheBurstSucceedsAndTheRestGet429() async throws {
        // A burst of five refilled at one a second; all requests go out at once, pipelined.
        try await APIServer.with(
            keys: APIAuthMatrixTests.store(), rateLimitPerKey: TokenBucket.Limit(ratePerSecond: 1, burst: 5)
        ) { server in
            let readKey = APIAuthMatrixTests.keys[.read]!
            let request = "GET /api/v1/ui/stats HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(readKey)\r\n\r\n"
            let first = try server.client()
            try first.send(String(repeating: request, count: 4))
            let second = try server.client()
            try second.send(String(repeating: request, count: 4))
            let statuses = try (0..<4).map { _ in try first.readResponse().status }
                + (0..<4).map { _ in try second.readResponse().status }
            #expect(statuses.filter { $0 == 200 }.count == 5, "\(statuses)")
            #expect(statuses.filter { $0 == 429 }.count == 3, "\(statuses)")
            try first.send(request)
            let limited = try first.readResponse()
            #expect(limited.status == 429)
            #expect(limited.errorCode == "rate_limited")
            #expect(limited.header("Retry-After") == "1")
            // Another key has its own budget.
            let adminKey = APIAuthMatrixTests.keys[.admin]!
            try first.send("GET /api/v1/ui/stats HTTP/1.1\r\nHost: t\r\nX-API-Key: \(adminKey)\r\n\r\n")
            #expect(try first.readResponse().status == 200)
        }
    }
}
