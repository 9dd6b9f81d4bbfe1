import TestSupport
import Foundation
import Testing

@testable import MetricsService

/// MongoDB going away and coming back while the server keeps running.
@Suite struct APIDatabaseOutageTests {
    @Test func answers503WhileTheDatabaseIsDownAndRecoversWithoutRestart() async throws {
        let database = try RestartableDatabase()
        try await database.start()
        try await APIServer.with(uri: database.uri, databaseName: "outage") { server in
            let registered = try await server.request("POST", "/api/v1/agents/a/register", nil)
            #expect(registered.status == 201)

            database.kill()
            for path in ["/api/v1/agents", "/api/v1/agents/a/versions"] {
                // Timed on the client's own thread: the wait to resume this task on a busy cooperative pool
                // is not the server's answer time.
                let (response, elapsed) = try await onThread {
                    let clock = ContinuousClock()
                    var response: TestClient.Response?
                    let elapsed = try clock.measure {
                        response = try TestClient(port: server.port, receiveTimeout: 60).request("GET", path)
                    }
                    return (response, elapsed)
                }
                #expect(response?.status == 503, "\(path): \(response?.bodyText ?? "")")
                #expect(response?.errorCode == "database_unavailable")
                #expect(response?.header("Retry-After") == "1")
                // The server's selection timeout is 2 s; its socket timeout, 10 s. A bound between the two proves
                // the answer came from the former, with room for a busy machine.
                #expect(elapsed < .seconds(9), "\(path) took \(elapsed)")
            }
            let write = try await server.request("POST", "/api/v1/agents/b/register", nil)
            #expect(write.status == 503)
            // An OTLP export is answered the way OTLP/HTTP exporters retry on: 503 with `Retry-After`.
            let agentSpan = OTLPJSONFixtureTests.span(
                attributes: #"{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}}"#)
            let export = try await server.request("POST", "/v1/traces", OTLPJSONFixtureTests.body(spans: agentSpan))
            #expect(export.status == 503)
            #expect(export.header("Retry-After") == "1")
            #expect(try await server.request("GET", "/healthz").status == 200)

            // Two failures opened the breaker: while the database is known to be down, calls are answered at
            // once without trying it (`CircuitBreakerTests` proves the decisions with a test clock), not each
            // after its own selection timeout.
            #expect(server.application.pool.isRefusingCalls)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<40 { group.addTask { try await server.request("GET", "/api/v1/agents").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 503, count: 40))
            #expect(server.application.pool.isRefusingCalls)

            try await database.start()
            // The driver rediscovers the server on its own and the breaker probes once a second:
            // wait, bounded, for the first success.
            var recovered: TestClient.Response?
            let deadline = ContinuousClock.now + .seconds(15)
            while ContinuousClock.now < deadline {
                recovered = try await server.request("GET", "/api/v1/agents")
                if recovered?.status == 200 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(recovered?.status == 200)
            #expect(!server.application.pool.isRefusingCalls)
            #expect(recovered?.array.map { $0["name"] as? String } == ["a"])
            let again = try await server.request("POST", "/api/v1/agents/b/register", nil)
            #expect(again.status == 201)
        }
    }
}
