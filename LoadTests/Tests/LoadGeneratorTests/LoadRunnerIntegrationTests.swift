import Testing

@testable import LoadGenerator

/// Runs the generator end to end against `FakeAgentAPI` (see its comment for why it is not the real server).
@Suite(.serialized) struct LoadRunnerIntegrationTests {
    private func configuration(_ scenario: LoadConfiguration.Scenario, port: Int, path: String = "") throws
        -> LoadConfiguration
    {
        var configuration = LoadConfiguration(scenario: scenario, url: try TargetURL("http://127.0.0.1:\(port)\(path)"))
        configuration.connections = 4
        configuration.threads = 2
        configuration.duration = .milliseconds(800)
        configuration.agents = 2
        configuration.versions = 2
        configuration.batch = 50
        configuration.prefix = "it"
        configuration.drain = .seconds(5)
        return configuration
    }

    @Test func ingestVerifiesThatEveryAcknowledgedRunIsStored() throws {
        let api = try FakeAgentAPI()
        defer { api.stop() }
        let result = try LoadRunner(configuration: configuration(.ingest, port: api.port)).run()
        let acknowledged = try #require(result.acknowledged)
        let verification = try #require(result.verification)
        #expect(acknowledged.count > 0)
        #expect(acknowledged.count % 50 == 0)
        #expect(verification.lostCount == 0)
        #expect(verification.failures.isEmpty)
        #expect(verification.acknowledged == acknowledged.count)
        let stored = api.runs.withLock { $0.values.reduce(0) { $0 + $1.count } }
        // Batches sent but cut off by the end of the drain could be stored without being acknowledged.
        #expect(stored == acknowledged.count + acknowledged.unacknowledged)
        #expect(verification.stored == stored)
        #expect(result.statistics.errorKinds.isEmpty)
        #expect(LoadReport(result).lost_runs == 0)
    }

    @Test func ingestReportsRunsTheServerLost() throws {
        let api = try FakeAgentAPI(dropsRuns: true)
        defer { api.stop() }
        var settings = try configuration(.ingest, port: api.port)
        settings.duration = .milliseconds(400)
        let result = try LoadRunner(configuration: settings).run()
        let verification = try #require(result.verification)
        let batches = (result.acknowledged?.count ?? 0) / 50
        #expect(batches >= 5)
        #expect(verification.lostCount == batches / 5)
        #expect(verification.missing.values.allSatisfy { !$0.isEmpty })
    }

    @Test func urlModeCountsEveryResponse() throws {
        let api = try FakeAgentAPI()
        defer { api.stop() }
        var settings = try configuration(.url, port: api.port, path: "/healthz")
        settings.pipeline = 2
        let result = try LoadRunner(configuration: settings).run()
        let served = api.healthHits.withLock { $0 }
        #expect(result.statistics.requests > 100)
        #expect(result.statistics.requests <= UInt64(served))
        #expect(result.statistics.statuses[200] == result.statistics.requests)
        #expect(result.statistics.latency.totalCount == result.statistics.requests)
        #expect(result.statistics.errorKinds.isEmpty)
    }

    @Test func openLoopHoldsTheRequestedRate() throws {
        let api = try FakeAgentAPI()
        defer { api.stop() }
        var settings = try configuration(.url, port: api.port, path: "/healthz")
        settings.rate = 500
        settings.duration = .seconds(1)
        let result = try LoadRunner(configuration: settings).run()
        // The schedule's arithmetic is `OpenLoopPacerTests`'; this proves the wiring, with bounds that hold
        // however busy the machine is. The pacer caps what is sent (a closed loop against this server sends
        // thousands a second), and what it could not send in time is counted as missed, never dropped.
        let scheduled = 500 * result.elapsedSeconds
        let sent = Double(result.statistics.requests)
        #expect(sent > 0)
        #expect(sent <= scheduled + 10)
        #expect(sent + Double(result.statistics.missedSends) + 10 >= scheduled)
        #expect(result.statistics.statuses[200] == result.statistics.requests)
    }

    @Test func heldConnectionsStayOpenAndAnswer() throws {
        let api = try FakeAgentAPI()
        defer { api.stop() }
        var settings = try configuration(.connections, port: api.port, path: "/healthz")
        settings.connections = 20
        settings.duration = .milliseconds(300)
        let result = try LoadRunner(configuration: settings).run()
        let held = try #require(result.held)
        #expect(held.established == 20)
        #expect(held.closedByServer == 0)
        #expect(result.statistics.statuses[200] == 20)
    }
}
