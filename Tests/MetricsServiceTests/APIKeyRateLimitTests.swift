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
            let adminKey = APIAuthMatrixTests.keys[.admin]!
            // The socket work runs on its own thread;
            // the statuses and times come back for the checks below.
            let (statuses, burstTime, limited, limitedTime, otherKey) = try await server.withClients(2) { clients in
                let (first, second) = (clients[0], clients[1])
                try first.send(String(repeating: request, count: 4))
                try second.send(String(repeating: request, count: 4))
                let statuses =
                    try (0..<4).map { _ in try first.readResponse().status }
                    + (0..<4).map { _ in try second.readResponse().status }
                let burstTime = clock.now - started
                // At most 5 + elapsed - granted tokens are left: under one, the next request is refused.
                try first.send(request)
                let limited = try first.readResponse()
                let limitedTime = clock.now - started
                // Another key has its own budget.
                try first.send("GET /api/v1/ui/stats HTTP/1.1\r\nHost: t\r\nX-API-Key: \(adminKey)\r\n\r\n")
                return (statuses, burstTime, limited, limitedTime, try first.readResponse())
            }
            let refills = Int(burstTime.components.seconds)
            let granted = statuses.filter { $0 == 200 }.count
            #expect(granted >= 5 && granted <= min(8, 5 + refills), "\(statuses) in \(burstTime)")
            #expect(statuses.filter { $0 == 429 }.count == 8 - granted, "\(statuses)")
            // On an idle machine the extra request is always refused (granted 5, well within a second).
            if limitedTime < .seconds(granted - 4) {
                #expect(limited.status == 429)
                #expect(limited.errorCode == "rate_limited")
                #expect(limited.header("Retry-After") == "1")
            }
            #expect(otherKey.status == 200)
        }
    }
}
