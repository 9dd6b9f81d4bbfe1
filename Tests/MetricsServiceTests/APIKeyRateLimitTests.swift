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
            // The bucket refills on the real clock: in `elapsed` seconds it can have gained floor(elapsed)
            // tokens, none when the burst is answered within a second (as it is on an idle machine), a few
            // when a busy one (parallel tests on two cores) stretches it.
            let clock = ContinuousClock()
            let started = clock.now
            let first = try server.client()
            try first.send(String(repeating: request, count: 4))
            let second = try server.client()
            try second.send(String(repeating: request, count: 4))
            let statuses =
                try (0..<4).map { _ in try first.readResponse().status }
                + (0..<4).map { _ in try second.readResponse().status }
            let refills = Int((clock.now - started).components.seconds)
            let granted = statuses.filter { $0 == 200 }.count
            #expect(granted >= 5 && granted <= min(8, 5 + refills), "\(statuses) in \(clock.now - started)")
            #expect(statuses.filter { $0 == 429 }.count == 8 - granted, "\(statuses)")
            // At most 5 + elapsed - granted tokens are left: under one, the next request is refused. On an idle
            // machine it always is (granted 5, well within a second).
            try first.send(request)
            let limited = try first.readResponse()
            if clock.now - started < .seconds(granted - 4) {
                #expect(limited.status == 429)
                #expect(limited.errorCode == "rate_limited")
                #expect(limited.header("Retry-After") == "1")
            }
            // Another key has its own budget.
            let adminKey = APIAuthMatrixTests.keys[.admin]!
            try first.send("GET /api/v1/ui/stats HTTP/1.1\r\nHost: t\r\nX-API-Key: \(adminKey)\r\n\r\n")
            #expect(try first.readResponse().status == 200)
        }
    }
}
