import Foundation
import LoadGenerator
import Testing

@testable import MetricsService

/// The bundled load generator's `ingest` against the real service (`MetricsApplication` on nx-27017), so
/// its verification is checked against the server it ships with, not only against `FakeAgentAPI`.
@Suite struct LoadGeneratorIngestTests {
    @Test func ingestAgainstTheRealServerLosesNothingAndMatchesTheDatabase() async throws {
        try await APIServer.with { server in
            var configuration = LoadConfiguration(
                scenario: .ingest, url: try TargetURL("http://127.0.0.1:\(server.port)"))
            configuration.connections = 2
            configuration.threads = 1
            configuration.duration = .seconds(2)
            configuration.agents = 3
            configuration.versions = 2
            configuration.batch = 100
            configuration.prefix = "it"
            configuration.drain = .seconds(10)
            let result = try await Self.runOffTheCooperativePool(LoadRunner(configuration: configuration))

            let acknowledged = try #require(result.acknowledged)
            let verification = try #require(result.verification)
            #expect(acknowledged.count > 0)
            #expect(acknowledged.count % 100 == 0)
            #expect(result.statistics.errorKinds.isEmpty)
            #expect(verification.failures.isEmpty)
            #expect(verification.lostCount == 0)
            #expect(result.lostRuns == 0)
            #expect(verification.acknowledged == acknowledged.count)

            // Every stored run is one the generator sent: acknowledged, or cut off by the end of the drain.
            let stored = try await server.count(Collections.runs)
            #expect(stored >= acknowledged.count)
            #expect(stored <= acknowledged.count + acknowledged.unacknowledged)
            #expect(verification.stored == stored)
            #expect(try await server.count(Collections.agents) == 3)
            #expect(try await server.count(Collections.versions) == 6)
        }
    }

    /// With API keys on, the generator's `--api-key` carries every request: set-up, load and verification.
    @Test func ingestWithAnAdminKeyAgainstAKeyedServerLosesNothing() async throws {
        try await APIServer.with(keys: APIAuthMatrixTests.store()) { server in
            var configuration = LoadConfiguration(
                scenario: .ingest, url: try TargetURL("http://127.0.0.1:\(server.port)"))
            configuration.url.apiKey = APIAuthMatrixTests.keys[.admin]
            configuration.connections = 2
            configuration.duration = .seconds(1)
            configuration.agents = 2
            configuration.versions = 1
            configuration.prefix = "keyed"
            let result = try await Self.runOffTheCooperativePool(LoadRunner(configuration: configuration))
            #expect(try #require(result.acknowledged).count > 0)
            #expect(result.statistics.errorKinds.isEmpty)
            #expect(result.lostRuns == 0)
            #expect(try await server.count(Collections.agents) == 2)
        }
    }

    /// `LoadRunner.run()` blocks for the whole test; a thread of its own keeps the cooperative pool free.
    private static func runOffTheCooperativePool(_ runner: LoadRunner) async throws -> LoadResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runner.run() }) }.start()
        }
    }
}
