import Foundation
import HTTPCore
import Testing

@testable import MetricsService

/// The wiring behind the ingest-to-dashboard lag: a server with its default worker (interval 10 s, as
/// `agent-metrics server` runs it) shows an acknowledged run in `recent_activity` and in the cards
/// within 2 s (at once, as a pending run), and its worker, woken by the ingest, counts it within 2 s too,
/// long before the interval is up. The figures at 2,000 runs/s are `scripts/bench-lag.sh`'s.
@Suite(.serialized) struct IngestToDashboardLagTests {
    @Test func runPostedToAServerWithItsDefaultWorkerShowsInRecentActivityAndCardsWithinTwoSeconds() async throws {
        try await APIServer.with(workerInterval: .seconds(10)) { server in
            let client = try server.client()
            #expect(try client.request("POST", "/api/v1/agents/lag/register", "{}").status == 201)
            let version = #"{"version": "1.0", "cluster": "c", "deployment": "d", "tools": [], "models": []}"#
            #expect(try client.request("POST", "/api/v1/agents/lag/versions", version).status == 201)
            // The worker's first pass (at start) has published, so the next one is due only in 10 s.
            #expect(await server.application.dashboard.waitUntilLoaded(timeout: .seconds(10)))

            let run = #"{"id": 4242, "status": "completed", "time_taken": "2s", "cost": 0.25}"#
            #expect(try client.request("POST", "/api/v1/agents/lag/versions/1.0/runs", run).status == 201)
            let acknowledged = ContinuousClock.now
            var inRecent: Duration?
            var inCards: Duration?
            // Polled like a dashboard would, every 20 ms, with a deadline past the bound.
            while (inRecent == nil || inCards == nil) && ContinuousClock.now - acknowledged < .seconds(5) {
                if inRecent == nil,
                    try client.request("GET", "/api/v1/ui/recent_activity").array.contains(where: {
                        $0["id"] as? Int == 4242
                    })
                {
                    inRecent = ContinuousClock.now - acknowledged
                }
                let cards = try client.request("GET", "/api/v1/ui/stats").array
                if inCards == nil,
                    cards.first(where: { $0["title"] as? String == "Total Runs Today" })?["raw"] as? Double == 1
                {
                    inCards = ContinuousClock.now - acknowledged
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(inRecent.map { $0 < .seconds(2) } == true, "recent_activity after \(String(describing: inRecent))")
            #expect(inCards.map { $0 < .seconds(2) } == true, "cards after \(String(describing: inCards))")
            // The wake-up: the worker counts it durably well before its 10 s interval is up.
            while try await server.count("agent_runs", ["counted": true]) == 0
                && ContinuousClock.now - acknowledged < .seconds(5)
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            let counted = ContinuousClock.now - acknowledged
            #expect(counted < .seconds(2), "counted after \(counted)")
            // The pass publishes after marking the run counted: its pending copy is dropped then.
            while !server.application.dashboard.state.withLock({ $0.pending.runs.isEmpty })
                && ContinuousClock.now - acknowledged < .seconds(5)
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.application.dashboard.state.withLock { $0.pending.runs.isEmpty })
        }
    }
}
